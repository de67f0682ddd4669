//! What the print tests share: a PDF's text as a reader gets it.

use std::process::Command;

/// The text of each page of `pdf` (pdftotext, layout kept).
pub fn pdftotext(pdf: &[u8]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(str::to_string)
        .collect()
}
