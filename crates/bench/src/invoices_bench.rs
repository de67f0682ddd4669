//! `scripts/bench.sh invoices [n]`: the tax platform's batch workbook (数电票批量开票) of n
//! requests with 20 lines each, written as finance exports it (`batch_xlsx`: the template's
//! five sheets, every cell text), and read back the way an import reads the platform's list.
//! The yardstick, in the same run: rust_xlsxwriter writing the same rows of text into a plain
//! two-sheet workbook with nothing else.

use super::{ms, percentile};
use fairdesk_core::customer::{InvoiceInfo, InvoiceKind};
use fairdesk_core::invoice::shudian::batch_rows;
use fairdesk_core::invoice::{Invoice, InvoiceLine, InvoiceStatus};
use fairdesk_core::mutation::RowMeta;
use fairdesk_core::{Id, Money};
use rust_decimal::Decimal;
use std::time::Instant;

fn invoices(n: usize) -> Vec<Invoice> {
    let mut rng = fastrand::Rng::with_seed(29);
    (0..n)
        .map(|i| {
            let lines = (0..20)
                .map(|l| {
                    let qty = Decimal::from(rng.u32(1..500));
                    let price = Decimal::new(rng.i64(100..100_000), 2);
                    let gross = Money::round(qty * price);
                    let tax =
                        Money::round(gross.decimal() * Decimal::from(13) / Decimal::from(113));
                    InvoiceLine {
                        order_id: Id(uuid::Uuid::from_u128(i as u128)),
                        order_number: format!("SO-K7-202612-{i:04}"),
                        line: l,
                        product_id: Id(uuid::Uuid::from_u128(l as u128)),
                        name: format!("不锈钢保温杯 {l} 号"),
                        spec: "500ml".into(),
                        unit: "个".into(),
                        tax_code: "1070101010100000000".into(),
                        qty,
                        unit_price: price,
                        rate: Decimal::from(13),
                        amount: gross - tax,
                        tax,
                    }
                })
                .collect();
            Invoice {
                id: Id(uuid::Uuid::from_u128(1_000_000 + i as u128)),
                number: format!("KP-K7-202612-{i:04}"),
                customer_id: Id::NIL,
                kind: InvoiceKind::Special,
                buyer: InvoiceInfo {
                    title: format!("客户{i}有限公司"),
                    tax_id: "91330100799655058B".into(),
                    address_phone: "杭州市西湖区文三路 100 号 0571-88886666".into(),
                    bank_account: "工商银行文三路支行 1202020209900012345".into(),
                    kind: InvoiceKind::Special,
                },
                tax_inclusive: true,
                lines,
                order_ids: vec![],
                status: InvoiceStatus::Requested,
                issued: None,
                red_of: None,
                reversed: vec![],
                notes: String::new(),
                withdraw_reason: None,
                meta: RowMeta::NONE,
            }
        })
        .collect()
}

/// The same rows written plainly: the yardstick.
fn plain(invoices: &[Invoice]) -> Vec<u8> {
    let rows = batch_rows(invoices);
    let mut book = rust_xlsxwriter::Workbook::new();
    let s = book.add_worksheet();
    for (r, inv) in rows.iter().enumerate() {
        for (c, v) in inv.basic.iter().enumerate() {
            s.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    let s = book.add_worksheet();
    let mut r = 0;
    for inv in &rows {
        for line in &inv.details {
            for (c, v) in line.iter().enumerate() {
                s.write_string(r, c as u16, v).unwrap();
            }
            r += 1;
        }
    }
    book.save_to_buffer().unwrap()
}

pub fn run(n: usize) {
    let all = invoices(n);
    let (mut ours, mut yard, mut read) = (Vec::new(), Vec::new(), Vec::new());
    let mut size = 0;
    for _ in 0..7 {
        let t = Instant::now();
        let bytes = fairdesk_print::batch_xlsx(&all).unwrap();
        ours.push(t.elapsed());
        size = bytes.len();
        let t = Instant::now();
        let _ = plain(&all);
        yard.push(t.elapsed());
        let t = Instant::now();
        // The whole file through the import's reader (it finds no number column: all rows read).
        let _ = fairdesk_print::read_platform_list(&bytes);
        read.push(t.elapsed());
    }
    println!(
        "| {n} invoices × 20 lines ({} KiB) | p50 | max |",
        size / 1024
    );
    println!("|---|---|---|");
    for (what, s) in [
        ("batch workbook (batch_xlsx)", &mut ours),
        ("yardstick: the same rows, plain rust_xlsxwriter", &mut yard),
        ("read back whole (calamine)", &mut read),
    ] {
        let max = *s.iter().max().unwrap();
        println!("| {what} | {} | {} |", ms(percentile(s, 0.5)), ms(max));
    }
}
