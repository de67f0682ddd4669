//! The shipping paper: the delivery note (送货单) the receiver signs, and one label per parcel
//! (电子面单 sizes) with a Code128 barcode of the tracking number and a QR code of the public
//! tracking link. Codes are drawn as SVG here (barcoders and qrcode encode them) and placed by
//! the template, so a company's own template moves them but can't get them wrong.

use crate::world::PrintError;
use crate::{CompanyHeader, Printer};
pub use fairdesk_core::shipping::LabelSize;
use serde::{Deserialize, Serialize};

/// The delivery note template shipped with the app.
pub const DELIVERY_NOTE_TEMPLATE: &str =
    include_str!("../../../assets/templates/delivery_note.typ");
/// The label template shipped with the app (one page per parcel).
pub const LABEL_TEMPLATE: &str = include_str!("../../../assets/templates/label.typ");

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeliveryLinePrint {
    pub no: u32,
    pub sku: String,
    pub name: String,
    pub spec: String,
    pub unit: String,
    /// Ordered on the order line.
    pub ordered: String,
    /// Leaving with this delivery.
    pub qty: String,
    /// Still open on the order after this delivery (欠货).
    pub open: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct DeliveryNotePrint {
    pub company: CompanyHeader,
    /// FH number.
    pub number: String,
    pub order_number: String,
    pub date: String,
    pub customer: String,
    pub receiver: String,
    pub phone: String,
    pub address: String,
    pub warehouse: String,
    /// "顺丰速运 SF1234567890123、SF…" or "自送 张师傅 沪A12345".
    pub carrier: String,
    pub lines: Vec<DeliveryLinePrint>,
    pub notes: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LabelPrint {
    pub carrier: String,
    pub tracking_no: String,
    pub sender: String,
    pub sender_phone: String,
    pub sender_address: String,
    pub receiver: String,
    /// As carriers print it: 138****5678.
    pub receiver_phone: String,
    pub receiver_address: String,
    pub order_number: String,
    pub delivery_number: String,
    /// 1-based, of `parcels`.
    pub parcel: u32,
    pub parcels: u32,
    /// The public tracking link the QR code carries ("" prints no QR code).
    pub link: String,
    /// Filled in by [`render_labels`]: SVG of the Code128 barcode and of the QR code.
    #[serde(default)]
    pub barcode_svg: String,
    #[serde(default)]
    pub qr_svg: String,
}

#[derive(Serialize)]
struct LabelsDoc<'a> {
    width_mm: u32,
    height_mm: u32,
    labels: &'a [LabelPrint],
}

/// A Code128 barcode as SVG: one unit per module, a quiet zone of ten modules each side; the
/// template scales it to the label's width.
pub fn code128_svg(text: &str) -> Result<String, PrintError> {
    // Character set B: digits, upper and lower case letters (every carrier's numbers).
    let code = barcoders::sym::code128::Code128::new(format!("\u{0181}{text}"))
        .map_err(|e| PrintError::Template(format!("条码 {text}: {e}")))?;
    let modules = code.encode();
    let quiet = 10;
    let width = modules.len() + 2 * quiet;
    let mut svg = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 40" preserveAspectRatio="none" shape-rendering="crispEdges"><rect width="{width}" height="40" fill="#fff"/>"##
    );
    // Runs of dark modules become one bar each.
    let mut i = 0;
    while i < modules.len() {
        if modules[i] == 1 {
            let start = i;
            while i < modules.len() && modules[i] == 1 {
                i += 1;
            }
            svg.push_str(&format!(
                r##"<rect x="{}" y="0" width="{}" height="40" fill="#000"/>"##,
                start + quiet,
                i - start
            ));
        } else {
            i += 1;
        }
    }
    svg.push_str("</svg>");
    Ok(svg)
}

/// A QR code of `text` as SVG, with its quiet zone.
pub fn qr_svg(text: &str) -> Result<String, PrintError> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| PrintError::Template(format!("二维码: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .quiet_zone(true)
        .build())
}

/// Every parcel's label of one delivery, one page each, as one PDF.
pub fn render_labels(
    labels: &[LabelPrint],
    size: LabelSize,
    template: &str,
) -> Result<Vec<u8>, PrintError> {
    let mut labels = labels.to_vec();
    for l in &mut labels {
        l.barcode_svg = code128_svg(&l.tracking_no)?;
        l.qr_svg = if l.link.is_empty() {
            String::new()
        } else {
            qr_svg(&l.link)?
        };
    }
    let (width_mm, height_mm) = size.mm();
    Printer::shared().render(
        template,
        &LabelsDoc {
            width_mm,
            height_mm,
            labels: &labels,
        },
        None,
    )
}

/// The delivery note as a PDF.
pub fn render_delivery_note(
    note: &DeliveryNotePrint,
    template: &str,
    logo: Option<&[u8]>,
) -> Result<Vec<u8>, PrintError> {
    Printer::shared().render(template, note, logo)
}

fn carrier_line(d: &fairdesk_core::shipping::Delivery) -> String {
    let lang = fairdesk_core::Lang::Zh;
    let mut s = d.carrier.label(lang).to_string();
    if !d.parcels.is_empty() {
        let numbers: Vec<&str> = d.parcels.iter().map(|p| p.tracking_no.as_str()).collect();
        s.push(' ');
        s.push_str(&numbers.join("、"));
    }
    if !d.driver.is_empty() || !d.plate.is_empty() {
        s.push_str(&format!(" {} {}", d.driver, d.plate));
    }
    s
}

/// The printed delivery note: per line ordered, shipped now, and what the order still lacks
/// right after this delivery (earlier deliveries of the order counted, later ones not).
pub fn delivery_document(
    delivery: &fairdesk_core::shipping::Delivery,
    earlier: &[fairdesk_core::shipping::Delivery],
    order: &fairdesk_core::order::Order,
    company: &fairdesk_core::catalog::CompanyProfile,
    customer: &fairdesk_core::customer::Customer,
    warehouse: &str,
) -> DeliveryNotePrint {
    use fairdesk_core::quantity::show;
    let (name, phone, address) = fairdesk_core::shipping::receiver(delivery, customer);
    let lines = delivery
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let ordered = order.data.lines.get(l.line).map(|o| o.qty).unwrap_or(l.qty);
            let before: rust_decimal::Decimal = earlier
                .iter()
                .flat_map(|d| d.lines.iter().filter(|x| x.line == l.line))
                .map(|x| x.qty)
                .sum();
            DeliveryLinePrint {
                no: i as u32 + 1,
                sku: l.sku.clone(),
                name: l.name.clone(),
                spec: l.spec.clone(),
                unit: l.unit.clone(),
                ordered: show(ordered),
                qty: show(l.qty),
                open: show((ordered - before - l.qty).max(rust_decimal::Decimal::ZERO)),
            }
        })
        .collect();
    DeliveryNotePrint {
        company: CompanyHeader::from(company),
        number: delivery.number.clone(),
        order_number: delivery.order_number.clone(),
        date: fairdesk_core::mutation::local_date(delivery.meta.created_at).to_string(),
        customer: customer.data.name.clone(),
        receiver: name,
        phone,
        address,
        warehouse: warehouse.to_string(),
        carrier: carrier_line(delivery),
        lines,
        notes: delivery.notes.clone(),
    }
}

/// One label per parcel of the delivery. `link` is the public tracking page for the order
/// ("" when the desk knows no server: the label then has no QR code).
pub fn label_documents(
    delivery: &fairdesk_core::shipping::Delivery,
    company: &fairdesk_core::catalog::CompanyProfile,
    customer: &fairdesk_core::customer::Customer,
    link: &str,
) -> Vec<LabelPrint> {
    let (name, phone, address) = fairdesk_core::shipping::receiver(delivery, customer);
    let n = delivery.parcels.len() as u32;
    delivery
        .parcels
        .iter()
        .enumerate()
        .map(|(i, p)| LabelPrint {
            carrier: delivery.carrier.label(fairdesk_core::Lang::Zh).to_string(),
            tracking_no: p.tracking_no.clone(),
            sender: company.name.clone(),
            sender_phone: company.phone.clone(),
            sender_address: company.address.clone(),
            receiver: name.clone(),
            receiver_phone: fairdesk_core::shipping::mask_phone(&phone),
            receiver_address: address.clone(),
            order_number: delivery.order_number.clone(),
            delivery_number: delivery.number.clone(),
            parcel: i as u32 + 1,
            parcels: n,
            link: link.to_string(),
            barcode_svg: String::new(),
            qr_svg: String::new(),
        })
        .collect()
}
