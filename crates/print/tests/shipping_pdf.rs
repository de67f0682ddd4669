//! Shipping paper as the warehouse prints it: every parcel's label in each roll size, with a
//! Code128 barcode of its tracking number and a QR code of the tracking link that a scanner
//! reads back (zbarimg on the page rendered at 300 dpi); the delivery note with Chinese and rare
//! characters as real text, quantities shipped now and still open, and the signature line.

use fairdesk_print::{
    render_delivery_note, render_labels, CompanyHeader, DeliveryLinePrint, DeliveryNotePrint,
    LabelPrint, LabelSize, DELIVERY_NOTE_TEMPLATE, LABEL_TEMPLATE,
};
use std::path::Path;
use std::process::Command;

fn label(n: u32, of: u32, tracking: &str) -> LabelPrint {
    LabelPrint {
        carrier: "顺丰速运".into(),
        tracking_no: tracking.into(),
        sender: "杭州示范贸易有限公司".into(),
        sender_phone: "0571-88886666".into(),
        sender_address: "浙江省杭州市西湖区文三路 100 号".into(),
        receiver: "龚犇".into(),
        receiver_phone: "138****1234".into(),
        receiver_address: "重庆市渝中区解放碑 8 号䶮赟大厦 12 楼".into(),
        order_number: "SO-K7-202612-0007".into(),
        delivery_number: "FH-K7-202612-0003".into(),
        parcel: n,
        parcels: of,
        link: "https://fairdesk.example/track/demo?order=SO-K7-202612-0007".into(),
        ..Default::default()
    }
}

/// Each page of the PDF at 300 dpi, as PNG files in `dir`.
fn pages(pdf: &[u8], dir: &Path) -> Vec<std::path::PathBuf> {
    let path = dir.join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args(["-r", "300", "-png"])
        .arg(&path)
        .arg(dir.join("page"))
        .output()
        .expect("pdftoppm (poppler-utils) is installed by scripts/setup.sh");
    assert!(out.status.success());
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    v.sort();
    v
}

/// What zbarimg reads on one page: `CODE-128:…`, `QR-Code:…`.
fn decode(png: &Path) -> Vec<String> {
    let out = Command::new("zbarimg")
        .args([
            "--quiet",
            "--raw",
            "-Sdisable",
            "-Scode128.enable",
            "-Sqrcode.enable",
        ])
        .arg(png)
        .output()
        .expect("zbarimg (zbar-tools) is installed by scripts/setup.sh");
    let mut found: Vec<String> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    found.sort();
    found
}

#[test]
fn every_label_size_prints_codes_a_scanner_reads() {
    for size in LabelSize::ALL {
        let labels = [
            label(1, 3, "SF1234567890123"),
            label(2, 3, "SF1234567890124"),
            label(3, 3, "SF1234567890125"),
        ];
        let pdf = render_labels(&labels, size, LABEL_TEMPLATE).expect("renders");
        let dir = tempfile::tempdir().unwrap();
        let pngs = pages(&pdf, dir.path());
        assert_eq!(pngs.len(), 3, "{size:?}: one page per parcel");
        // Kept for a person to look at, when the test command asks for screenshots.
        if let Ok(dir) = std::env::var("FAIRDESK_SCREENSHOTS") {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::copy(
                &pngs[0],
                Path::new(&dir).join(format!("label-{size:?}.png")),
            )
            .unwrap();
        }
        // The page is the roll's size (300 dpi: 1 mm ≈ 11.8 px).
        let (w, h) = size.mm();
        let dims = Command::new("identify")
            .args(["-format", "%w %h"])
            .arg(&pngs[0])
            .output()
            .expect("identify (imagemagick)");
        let dims = String::from_utf8(dims.stdout).unwrap();
        let (pw, ph) = dims.split_once(' ').unwrap();
        let (pw, ph): (f64, f64) = (pw.parse().unwrap(), ph.parse().unwrap());
        assert!((pw / 11.811 - w as f64).abs() < 1.0, "{size:?}: {dims}");
        assert!((ph / 11.811 - h as f64).abs() < 1.0, "{size:?}: {dims}");
        for (png, l) in pngs.iter().zip(&labels) {
            let mut want = vec![l.link.clone(), l.tracking_no.clone()];
            want.sort();
            assert_eq!(decode(png), want, "{size:?} {png:?}");
        }
    }
}

#[test]
fn a_label_without_a_link_has_no_qr_code_and_a_bad_number_is_refused() {
    let mut l = label(1, 1, "731234567890");
    l.link.clear();
    let pdf = render_labels(&[l], LabelSize::Small, LABEL_TEMPLATE).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pngs = pages(&pdf, dir.path());
    assert_eq!(decode(&pngs[0]), vec!["731234567890".to_string()]);
    // Code128 can't carry characters outside ASCII: said plainly, no PDF.
    let err =
        render_labels(&[label(1, 1, "顺丰123")], LabelSize::Small, LABEL_TEMPLATE).unwrap_err();
    assert!(err.to_string().contains("顺丰123"), "{err}");
}

#[test]
fn the_delivery_note_prints_what_ships_now_what_is_open_and_where_to_sign() {
    let note = DeliveryNotePrint {
        company: CompanyHeader {
            name: "杭州示范贸易有限公司".into(),
            address: "浙江省杭州市西湖区文三路 100 号".into(),
            phone: "0571-88886666".into(),
            ..Default::default()
        },
        number: "FH-K7-202612-0003".into(),
        order_number: "SO-K7-202612-0007".into(),
        date: "2026-12-04".into(),
        customer: "䶮赟犇科技（重庆）有限公司".into(),
        receiver: "龚犇".into(),
        phone: "13800001234".into(),
        address: "重庆市渝中区解放碑 8 号".into(),
        warehouse: "华东仓（上海）".into(),
        carrier: "顺丰速运 SF1234567890123、SF1234567890124".into(),
        lines: vec![
            DeliveryLinePrint {
                no: 1,
                sku: "BWB-500".into(),
                name: "不锈钢保温杯（赟）".into(),
                spec: "500ml/304".into(),
                unit: "个".into(),
                ordered: "20".into(),
                qty: "8".into(),
                open: "12".into(),
            },
            DeliveryLinePrint {
                no: 2,
                sku: "GXB-05".into(),
                name: "中性笔".into(),
                spec: "0.5mm 黑".into(),
                unit: "支".into(),
                ordered: "100".into(),
                qty: "100".into(),
                open: "0".into(),
            },
        ],
        notes: "易碎，轻放".into(),
    };
    let pdf = render_delivery_note(&note, DELIVERY_NOTE_TEMPLATE, None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("note.pdf");
    std::fs::write(&path, &pdf).unwrap();
    if let Ok(shots) = std::env::var("FAIRDESK_SCREENSHOTS") {
        std::fs::create_dir_all(&shots).unwrap();
        let png = pages(&pdf, dir.path());
        std::fs::copy(&png[0], Path::new(&shots).join("delivery-note.png")).unwrap();
    }
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "送货单",
        "FH-K7-202612-0003",
        "SO-K7-202612-0007",
        "䶮赟犇科技（重庆）有限公司",
        "不锈钢保温杯（赟）",
        "本次发货",
        "未发",
        "收货人签收",
        "SF1234567890124",
        "易碎，轻放",
    ] {
        assert!(text.contains(want), "{want} missing in:\n{text}");
    }
    // The first line: ordered 20, 8 now, 12 open — in that order on its row.
    let row = text.lines().find(|l| l.contains("BWB-500")).unwrap();
    let nums: Vec<&str> = row
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    assert_eq!(nums, vec!["1", "20", "8", "12"], "{row}");
}
