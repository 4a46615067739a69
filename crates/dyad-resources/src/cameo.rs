//! The CAMEO code table: Goldstein weight, QuadClass and PLOVER type per code.

use crate::error::{data_lines, fields, ResourceError};
use dyad_doc::CameoCode;
use std::collections::HashMap;

/// What dyad knows about one CAMEO code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoInfo {
    /// Goldstein conflict–cooperation weight (−10..10).
    pub goldstein: f64,
    /// GDELT QuadClass 1..=4.
    pub quad_class: u8,
    /// PLOVER event type (`CONSULT`, `ASSAULT`), empty for codes PLOVER drops.
    pub plover: String,
    /// PLOVER mode (`visit`, `heavy-weapons`), often empty.
    pub plover_mode: String,
    /// Codebook name.
    pub name: String,
    /// The 03x code of announcing or promising this act, for cooperative acts.
    pub intent: Option<CameoCode>,
    /// The 12x code of refusing or ruling out this act, for cooperative acts.
    pub refusal: Option<CameoCode>,
    /// The 10x code of demanding this act of someone ("X must withdraw").
    pub demand: Option<CameoCode>,
    /// The 02x code of appealing for this act ("X should withdraw").
    pub appeal: Option<CameoCode>,
    /// The 13x code of announcing this conflictual act on a condition ("will
    /// withdraw its troops unless..." is a threat, 136).
    pub threat: Option<CameoCode>,
}

/// An optional code column: empty, or a CAMEO code.
fn optional_code(text: &str) -> Result<Option<CameoCode>, String> {
    if text.is_empty() {
        Ok(None)
    } else {
        text.parse()
            .map(Some)
            .map_err(|e: dyad_doc::CodeError| e.to_string())
    }
}

/// All CAMEO 1.1b3 codes with their attributes.
#[derive(Debug, Clone, Default)]
pub struct CameoTable {
    codes: HashMap<CameoCode, CameoInfo>,
}

impl CameoTable {
    /// Parses `cameo.tsv`.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), ResourceError> {
        for (line_no, line) in data_lines(text) {
            let parts = fields(file, line_no, line, 3, 11)?;
            let err = |message: String| ResourceError {
                file: file.into(),
                line: line_no,
                message,
            };
            let code: CameoCode = parts[0]
                .parse()
                .map_err(|e: dyad_doc::CodeError| err(e.to_string()))?;
            let goldstein: f64 = parts[1]
                .parse()
                .map_err(|_| err(format!("bad Goldstein weight {:?}", parts[1])))?;
            let quad_class: u8 = parts[2]
                .parse()
                .map_err(|_| err(format!("bad QuadClass {:?}", parts[2])))?;
            self.codes.insert(
                code,
                CameoInfo {
                    goldstein,
                    quad_class,
                    plover: parts[3].to_string(),
                    plover_mode: parts[4].to_string(),
                    name: parts[5].to_string(),
                    intent: if parts[6].is_empty() {
                        None
                    } else {
                        Some(
                            parts[6]
                                .parse()
                                .map_err(|e: dyad_doc::CodeError| err(e.to_string()))?,
                        )
                    },
                    refusal: optional_code(parts[7]).map_err(&err)?,
                    demand: optional_code(parts[8]).map_err(&err)?,
                    appeal: optional_code(parts[9]).map_err(&err)?,
                    threat: optional_code(parts[10]).map_err(&err)?,
                },
            );
        }
        Ok(())
    }

    /// The attributes of a code, falling back to its three-digit parent and root.
    pub fn get(&self, code: CameoCode) -> Option<&CameoInfo> {
        let text = code.as_str();
        self.codes.get(&code).or_else(|| {
            (2..text.len())
                .rev()
                .filter_map(|len| text[..len].parse::<CameoCode>().ok())
                .find_map(|parent| self.codes.get(&parent))
        })
    }

    /// True when the code is in the table itself.
    pub fn contains(&self, code: CameoCode) -> bool {
        self.codes.contains_key(&code)
    }

    /// All codes, sorted.
    pub fn codes(&self) -> Vec<CameoCode> {
        let mut codes: Vec<CameoCode> = self.codes.keys().copied().collect();
        codes.sort();
        codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threat_column_is_optional() {
        let mut table = CameoTable::default();
        table
            .add_file(
                "t.tsv",
                "163\t-8\t4\tCOERCE\t\tImpose sanctions\t\t\t\t\t1312\n040\t1\t1\tCONSULT\t\tConsult\t036\n",
            )
            .expect("parses");
        let sanction: CameoCode = "163".parse().expect("code");
        let threat = table
            .get(sanction)
            .and_then(|i| i.threat)
            .map(|c| c.to_string());
        assert_eq!(threat.as_deref(), Some("1312"));
        let consult: CameoCode = "040".parse().expect("code");
        assert_eq!(table.get(consult).and_then(|i| i.threat), None);
    }
}
