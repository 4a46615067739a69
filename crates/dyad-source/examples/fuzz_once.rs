//! Feeds mutated copies of a file to every reader (a quick local fuzz; not a test).
fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path).unwrap_or_default();
    let options = dyad_source::ReadOptions::default();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let rounds: usize = std::env::args()
        .nth(2)
        .and_then(|r| r.parse().ok())
        .unwrap_or(20_000);
    for round in 0..rounds {
        let mut data = bytes.clone();
        let flips = 1 + (next() % 8) as usize;
        for _ in 0..flips {
            if data.is_empty() {
                break;
            }
            let at = (next() as usize) % data.len();
            data[at] = next() as u8;
        }
        if round % 3 == 0 && !data.is_empty() {
            let cut = (next() as usize) % data.len();
            data.truncate(cut);
        }
        for format in [
            dyad_source::Format::Html,
            dyad_source::Format::Text,
            dyad_source::Format::Warc,
            dyad_source::Format::Feed,
            dyad_source::Format::JsonLines,
        ] {
            let _ = dyad_source::read("f", &data, format, &options);
        }
    }
    println!("done");
}
