//! Prints the extractor's view of one page (debugging aid).
use std::io::Read;
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: debug_page FILE")?;
    let raw = std::fs::read(&path)?;
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&raw[..]).read_to_end(&mut out)?;
        out
    } else {
        raw
    };
    let text = dyad_extract::charset::decode_html(&bytes, None).text;
    let dom = dyad_extract::dom::Dom::parse(&text);
    print!("{}", dyad_extract::body::debug_dump(&dom));
    Ok(())
}
