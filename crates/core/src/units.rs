//! Units of measure and how exactly each is counted: 个, 支, 箱, 套 in whole numbers; kg, 米,
//! 吨 with decimals. The company's table lives in its settings (`CompanyDoc::units`) and is
//! editable in 设置; a unit not in it keeps the general limit of 3 decimals.

use crate::error::ErrorCode;
use crate::quantity::QTY_DECIMALS;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitRule {
    pub unit: String,
    /// Decimals a quantity in this unit may have: 0 = whole numbers only.
    pub decimals: u32,
}

/// The company's units; the default table until a company edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitTable(pub Vec<UnitRule>);

const WHOLE: &[&str] = &[
    "个", "支", "箱", "套", "件", "台", "只", "把", "包", "盒", "瓶", "双", "张", "本", "袋", "桶",
    "组", "条", "块", "片", "副", "辆", "部",
];
const DECIMAL: &[(&str, u32)] = &[
    ("kg", 3),
    ("千克", 3),
    ("公斤", 3),
    ("克", 1),
    ("g", 1),
    ("吨", 3),
    ("米", 2),
    ("m", 2),
    ("平方米", 2),
    ("升", 2),
    ("L", 2),
];

impl Default for UnitTable {
    fn default() -> Self {
        UnitTable(
            WHOLE
                .iter()
                .map(|u| UnitRule {
                    unit: u.to_string(),
                    decimals: 0,
                })
                .chain(DECIMAL.iter().map(|(u, d)| UnitRule {
                    unit: u.to_string(),
                    decimals: *d,
                }))
                .collect(),
        )
    }
}

/// Longest unit name, in characters.
pub const MAX_UNIT_CHARS: usize = 8;
/// Most units in a table.
pub const MAX_UNITS: usize = 200;

impl UnitTable {
    /// Decimals allowed for `unit` (case-insensitive for Latin names such as KG).
    pub fn decimals(&self, unit: &str) -> u32 {
        let unit = unit.trim();
        self.0
            .iter()
            .find(|r| r.unit.eq_ignore_ascii_case(unit))
            .map_or(QTY_DECIMALS, |r| r.decimals)
    }

    /// A quantity in `unit` has no more decimals than the unit allows.
    pub fn check(&self, unit: &str, qty: Decimal) -> Result<(), ErrorCode> {
        let max = self.decimals(unit);
        if qty.normalize().scale() <= max {
            Ok(())
        } else if max == 0 {
            Err(ErrorCode::WholeUnit {
                unit: unit.trim().to_string(),
            })
        } else {
            Err(ErrorCode::TooManyDecimals { max })
        }
    }

    /// A line's quantity as typed: a number, above zero, no more decimals than its unit takes.
    /// The screens check it at every keystroke; the domain checks the same on save.
    pub fn parse_line_qty(&self, typed: &str, unit: &str) -> Result<Decimal, ErrorCode> {
        let q = crate::quantity::parse_decimal(typed)?;
        crate::quantity::check_qty(q)?;
        self.check(unit, q)?;
        Ok(q)
    }

    pub fn validate(&self) -> Result<(), Vec<crate::FieldError>> {
        let mut errors = Vec::new();
        if self.0.len() > MAX_UNITS {
            errors.push(crate::FieldError::new(
                "units",
                ErrorCode::TooMany { max: MAX_UNITS },
            ));
        }
        for (i, r) in self.0.iter().enumerate() {
            let name = r.unit.trim();
            if name.is_empty() {
                errors.push(crate::FieldError::new(
                    format!("units.{i}.unit"),
                    ErrorCode::Required,
                ));
            } else if name.chars().count() > MAX_UNIT_CHARS {
                errors.push(crate::FieldError::new(
                    format!("units.{i}.unit"),
                    ErrorCode::TooLong {
                        max: MAX_UNIT_CHARS,
                    },
                ));
            } else if self.0[..i]
                .iter()
                .any(|o| o.unit.trim().eq_ignore_ascii_case(name))
            {
                errors.push(crate::FieldError::new(
                    format!("units.{i}.unit"),
                    ErrorCode::Duplicate,
                ));
            }
            if r.decimals > QTY_DECIMALS {
                errors.push(crate::FieldError::new(
                    format!("units.{i}.decimals"),
                    ErrorCode::OutOfRange,
                ));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn whole_units_refuse_fractions_and_decimal_units_take_them() {
        let t = UnitTable::default();
        assert_eq!(
            t.check("个", d("1.5")),
            Err(ErrorCode::WholeUnit { unit: "个".into() })
        );
        assert_eq!(t.check("个", d("2.000")), Ok(()), "2.000 is 2");
        assert_eq!(t.check("箱", d("3")), Ok(()));
        assert_eq!(t.check("KG", d("1.255")), Ok(()));
        assert_eq!(
            t.check("米", d("1.255")),
            Err(ErrorCode::TooManyDecimals { max: 2 })
        );
        assert_eq!(
            t.check("批", d("0.125")),
            Ok(()),
            "unknown units: 3 decimals"
        );
    }

    #[test]
    fn typed_quantities_are_numbers_above_zero_in_the_unit_s_precision() {
        let t = UnitTable::default();
        assert_eq!(t.parse_line_qty("12", "个"), Ok(d("12")));
        assert_eq!(t.parse_line_qty("１２", "箱"), Ok(d("12")));
        assert_eq!(t.parse_line_qty("abc", "个"), Err(ErrorCode::NotANumber));
        assert_eq!(t.parse_line_qty("", "个"), Err(ErrorCode::Required));
        assert_eq!(t.parse_line_qty("0", "个"), Err(ErrorCode::MustBePositive));
        assert_eq!(t.parse_line_qty("-3", "kg"), Err(ErrorCode::MustBePositive));
        assert_eq!(
            t.parse_line_qty("1.5", "个"),
            Err(ErrorCode::WholeUnit { unit: "个".into() })
        );
        assert_eq!(t.parse_line_qty("1.5", "kg"), Ok(d("1.5")));
    }

    #[test]
    fn a_table_with_blank_duplicate_or_too_exact_units_is_refused() {
        let t = UnitTable(vec![
            UnitRule {
                unit: "个".into(),
                decimals: 0,
            },
            UnitRule {
                unit: " ".into(),
                decimals: 0,
            },
            UnitRule {
                unit: "个".into(),
                decimals: 1,
            },
            UnitRule {
                unit: "kg".into(),
                decimals: 4,
            },
        ]);
        let errors = t.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec!["units.1.unit", "units.2.unit", "units.3.decimals"]
        );
        assert!(UnitTable::default().validate().is_ok());
    }
}
