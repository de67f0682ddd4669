use super::*;
use crate::error::ErrorCode;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn form() -> CustomerForm {
    CustomerForm {
        name: " 重庆长江机电有限公司 ".into(),
        contacts: vec![ContactForm {
            name: "单丽华".into(),
            mobile: "+86 138-1234-5678".into(),
            ..Default::default()
        }],
        credit_limit: "50,000".into(),
        birthday: "1985-03-08".into(),
        level: "A".into(),
        source: "fair".into(),
        ..Default::default()
    }
}

#[test]
fn a_good_form_parses_into_normalised_data() {
    let d = form().parse(today()).unwrap();
    assert_eq!(d.name, "重庆长江机电有限公司");
    assert_eq!(d.contacts[0].mobile, "13812345678");
    assert_eq!(d.credit_limit, Money::from_fen(5_000_000));
    assert_eq!(d.level, Level::A);
    assert_eq!(d.source, Source::Fair);
    assert_eq!(CustomerForm::from_data(&d).parse(today()).unwrap(), d);
}

#[test]
fn every_bad_field_is_reported_at_once() {
    let mut f = form();
    f.name = "   ".into();
    f.contacts[0].mobile = "1234".into();
    f.birthday = "2026-02-30".into();
    f.contract_expiry = "2027-13-01".into();
    f.credit_limit = "-5".into();
    f.notes = "很".repeat(2001);
    f.level = "Z".into();
    let errors = f.parse(today()).unwrap_err();
    let got: Vec<(&str, &ErrorCode)> = errors.iter().map(|e| (e.field.as_str(), &e.code)).collect();
    assert!(got.contains(&("name", &ErrorCode::Required)), "{got:?}");
    assert!(got.contains(&("contacts.0.mobile", &ErrorCode::InvalidMobile)));
    assert!(got.contains(&("birthday", &ErrorCode::InvalidDate)));
    assert!(got.contains(&("contract_expiry", &ErrorCode::InvalidDate)));
    assert!(got.contains(&("credit_limit", &ErrorCode::Negative)));
    assert!(got.contains(&("notes", &ErrorCode::TooLong { max: 2000 })));
    assert!(got.contains(&("level", &ErrorCode::UnknownChoice)));
    assert_eq!(errors.iter().filter(|e| e.field == "birthday").count(), 1);
}

#[test]
fn birthdays_cannot_be_in_the_future_and_empty_contacts_are_ignored() {
    let mut f = form();
    f.birthday = "2027-01-01".into();
    f.contacts.push(ContactForm::default());
    let errors = f.parse(today()).unwrap_err();
    assert_eq!(
        errors,
        vec![FieldError::new("birthday", ErrorCode::DateInFuture)]
    );
    f.birthday.clear();
    assert_eq!(f.parse(today()).unwrap().contacts.len(), 1);
}

#[test]
fn diff_lists_changed_fields_and_applying_it_reproduces_the_edit() {
    let old = form().parse(today()).unwrap();
    let mut new = old.clone();
    new.city = "重庆".into();
    new.credit_limit = Money::from_fen(1);
    let changes = CustomerField::diff(&old, &new);
    assert_eq!(
        changes.iter().map(|c| c.key()).collect::<Vec<_>>(),
        vec!["city", "credit_limit"]
    );
    let mut patched = old.clone();
    for c in &changes {
        c.apply_to(&mut patched);
    }
    assert_eq!(patched, new);
}

#[test]
fn delivery_addresses_follow_the_registered_one() {
    let mut f = form();
    f.province = "重庆".into();
    f.city = "重庆".into();
    f.address = "渝北区金开大道 68 号".into();
    f.ship_to = vec![
        ShipTo::default(),
        ShipTo {
            label: " 苏州工厂 ".into(),
            province: "江苏".into(),
            city: "苏州".into(),
            address: "工业园区星湖街 328 号".into(),
            contact: "周强".into(),
            phone: "0512-62881234".into(),
        },
    ];
    let d = f.parse(today()).unwrap();
    // The empty row is dropped, the label trimmed.
    assert_eq!(d.ship_to.len(), 1);
    assert_eq!(d.ship_to[0].label, "苏州工厂");
    let all = d.addresses();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[0].line(),
        "重庆渝北区金开大道 68 号（单丽华 13812345678）",
        "each place is said once"
    );
    assert_eq!(
        all[1].line(),
        "江苏苏州工业园区星湖街 328 号（周强 0512-62881234）"
    );
    assert_eq!(CustomerForm::from_data(&d).parse(today()).unwrap(), d);
}

#[test]
fn a_delivery_address_needs_its_street_and_a_real_phone() {
    let mut f = form();
    f.ship_to = vec![ShipTo {
        label: "仓库".into(),
        phone: "abc".into(),
        ..Default::default()
    }];
    let errs = f.parse(today()).unwrap_err();
    let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["ship_to.0.address", "ship_to.0.phone"]);
    // No registered address and no delivery address: nowhere to ship yet.
    assert!(form().parse(today()).unwrap().addresses().is_empty());
}

#[test]
fn payment_terms_are_a_field_of_their_own_and_must_make_sense() {
    use crate::order::PaymentTerms;
    let mut f = form();
    f.payment_terms = Some(PaymentTerms::Net { days: 30 });
    let d = f.parse(today()).unwrap();
    assert_eq!(d.payment_terms, Some(PaymentTerms::Net { days: 30 }));
    assert_eq!(CustomerForm::from_data(&d).payment_terms, d.payment_terms);
    // Changing only the terms is one field, so a concurrent edit of another field survives.
    let mut g = CustomerForm::from_data(&d);
    g.payment_terms = None;
    let changed = CustomerField::diff(&d, &g.parse(today()).unwrap());
    assert_eq!(changed, vec![CustomerField::PaymentTerms(None)]);
    for bad in [
        PaymentTerms::Net { days: 0 },
        PaymentTerms::Net { days: 400 },
        PaymentTerms::Prepay { percent: 0 },
        PaymentTerms::Prepay { percent: 100 },
    ] {
        f.payment_terms = Some(bad);
        let errors = f.parse(today()).unwrap_err();
        assert_eq!(errors[0].field, "payment_terms", "{bad:?}");
    }
}

#[test]
fn invoice_details_are_checked_and_named_in_messages() {
    let mut f = form();
    f.invoice.title = "重庆山城火锅食品有限公司".into();
    f.invoice.tax_id = " 91330100799655058b ".into();
    let d = f.parse(today()).unwrap();
    let inv = d.invoice.clone().unwrap();
    assert_eq!(inv.tax_id, "91330100799655058B", "trimmed, upper case");
    // Empty section: no invoice details at all.
    assert_eq!(form().parse(today()).unwrap().invoice, None);
    f.invoice.tax_id = "91330100799655058C".into();
    let errors = f.parse(today()).unwrap_err();
    assert_eq!(errors[0].field, "invoice.tax_id");
    assert_eq!(
        crate::error::field_label("invoice.tax_id", crate::Lang::Zh),
        "开票信息 税号"
    );
    assert_eq!(
        crate::error::field_label("contacts.0.mobile", crate::Lang::Zh),
        "联系人1 手机"
    );
    // A change of the invoice details is one field of its own.
    let mut g = CustomerForm::from_data(&d);
    g.invoice.kind = InvoiceKind::Special;
    g.invoice.address_phone = "重庆市渝中区解放碑 1 号 023-63000000".into();
    g.invoice.bank_account = "中国工商银行重庆分行 3100020109024567890".into();
    let changed = CustomerField::diff(&d, &g.parse(today()).unwrap());
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].key(), "invoice");
}
