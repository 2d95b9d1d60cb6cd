//! Kubernetes resource quantities (`500m`, `2`, `4Gi`, `1e3`), kept as the text the
//! user wrote plus the value in thousandths, so output shows what was written and
//! arithmetic is exact integers.
//! Source: `staging/src/k8s.io/apimachinery/pkg/api/resource/quantity.go` (the
//! grammar and suffixes); values round up to the next thousandth like `MilliValue`.

use crate::from_value::{Cx, DeError, Error, FromValue, Value};
use crate::to_json::{ToJson, Writer};
use std::fmt;

/// A parsed quantity: `milli` is the value times 1000 (cpu `500m` = 500, memory `1Ki` = 1_024_000).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity {
    text: String,
    milli: i64,
}

/// The API server's wording for a malformed quantity.
pub const QUANTITY_FORMAT_ERROR: &str =
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

impl Quantity {
    pub fn parse(text: &str) -> Result<Quantity, String> {
        let milli = parse_milli(text.trim()).ok_or_else(|| QUANTITY_FORMAT_ERROR.to_string())?;
        Ok(Quantity { text: text.trim().to_string(), milli })
    }

    /// A CPU quantity from millicores, written as kubectl would (`2`, `500m`).
    pub fn from_milli_cpu(milli: i64) -> Quantity {
        let text = if milli % 1000 == 0 { format!("{}", milli / 1000) } else { format!("{milli}m") };
        Quantity { text, milli }
    }

    /// A memory quantity from bytes, written with the largest exact binary suffix (`4Gi`).
    pub fn from_bytes(bytes: i64) -> Quantity {
        Quantity { text: format_bytes(bytes), milli: bytes.saturating_mul(1000) }
    }

    pub fn from_count(n: i64) -> Quantity {
        Quantity { text: n.to_string(), milli: n.saturating_mul(1000) }
    }

    /// Thousandths of the unit: millicores for cpu.
    pub fn milli(&self) -> i64 {
        self.milli
    }

    /// Whole units rounded up: bytes for memory, a count for pods.
    pub fn value(&self) -> i64 {
        (self.milli + 999).div_euclid(1000)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Memory as kubectl prints it in summaries: the largest binary suffix that divides exactly.
pub fn format_bytes(bytes: i64) -> String {
    const UNITS: [(&str, i64); 5] = [
        ("Pi", 1 << 50),
        ("Ti", 1 << 40),
        ("Gi", 1 << 30),
        ("Mi", 1 << 20),
        ("Ki", 1 << 10),
    ];
    for (suffix, size) in UNITS {
        if bytes != 0 && bytes % size == 0 {
            return format!("{}{}", bytes / size, suffix);
        }
    }
    bytes.to_string()
}

/// CPU as kubectl prints it: whole cores when exact, else millicores.
pub fn format_milli_cpu(milli: i64) -> String {
    Quantity::from_milli_cpu(milli).text
}

fn parse_milli(s: &str) -> Option<i64> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1i128, &s[1..]),
        b'-' => (-1i128, &s[1..]),
        _ => (1i128, s),
    };
    let num_end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let (number, suffix) = rest.split_at(num_end);
    if number.is_empty() || number == "." || number.matches('.').count() > 1 {
        return None;
    }
    let (int_part, frac_part) = number.split_once('.').unwrap_or((number, ""));
    // Value as a fraction mantissa / 10^scale.
    let digits = format!("{int_part}{frac_part}");
    if digits.len() > 30 {
        return None;
    }
    let mantissa: i128 = if digits.is_empty() { 0 } else { digits.parse().ok()? };
    let scale = frac_part.len() as i32;
    // Multiplier for the suffix, as (numerator, power of ten).
    let (mul, pow10): (i128, i32) = match suffix {
        "" => (1, 0),
        "n" => (1, -9),
        "u" => (1, -6),
        "m" => (1, -3),
        "k" => (1, 3),
        "M" => (1, 6),
        "G" => (1, 9),
        "T" => (1, 12),
        "P" => (1, 15),
        "E" => (1, 18),
        "Ki" => (1 << 10, 0),
        "Mi" => (1 << 20, 0),
        "Gi" => (1 << 30, 0),
        "Ti" => (1 << 40, 0),
        "Pi" => (1 << 50, 0),
        "Ei" => (1 << 60, 0),
        exp if exp.starts_with(['e', 'E']) => {
            let e: i32 = exp[1..].parse().ok()?;
            if !(-30..=30).contains(&e) {
                return None;
            }
            (1, e)
        }
        _ => return None,
    };
    // milli = mantissa * mul * 10^(pow10 + 3 - scale), rounded up (away from zero for positives).
    let exp = pow10 + 3 - scale;
    let base = mantissa.checked_mul(mul)?;
    let value = if exp >= 0 {
        base.checked_mul(10i128.checked_pow(exp as u32)?)?
    } else {
        let div = 10i128.checked_pow((-exp) as u32)?;
        (base + div - 1) / div
    };
    i64::try_from(sign * value).ok()
}

impl ToJson for Quantity {
    fn write_json(&self, w: &mut Writer) {
        w.string(&self.text);
    }
}

/// A string or a number, as the API takes them (`cpu: 500m`, `cpu: 2`, `cpu: 0.5`).
impl FromValue for Quantity {
    fn from_value(v: Value, _cx: &mut Cx) -> Result<Self, Error> {
        let text = match v {
            Value::String(s) => s,
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(u), _) => u.to_string(),
                (None, Some(i)) => i.to_string(),
                _ => n.as_f64().unwrap_or(f64::NAN).to_string(),
            },
            other => return Err(crate::from_value::invalid_type(&other, "a quantity such as 500m, 2 or 4Gi")),
        };
        Quantity::parse(&text).map_err(Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cpu_and_memory_suffixes() {
        assert_eq!(Quantity::parse("500m").unwrap().milli(), 500);
        assert_eq!(Quantity::parse("2").unwrap().milli(), 2000);
        assert_eq!(Quantity::parse("0.25").unwrap().milli(), 250);
        assert_eq!(Quantity::parse("4Gi").unwrap().value(), 4 * 1024 * 1024 * 1024);
        assert_eq!(Quantity::parse("128Mi").unwrap().value(), 134_217_728);
        assert_eq!(Quantity::parse("1G").unwrap().value(), 1_000_000_000);
        assert_eq!(Quantity::parse("1e3").unwrap().value(), 1000);
        assert_eq!(Quantity::parse("1.5Gi").unwrap().value(), 1_610_612_736);
    }

    #[test]
    fn rounds_sub_milli_up_like_milli_value() {
        assert_eq!(Quantity::parse("1u").unwrap().milli(), 1);
        assert_eq!(Quantity::parse("100n").unwrap().milli(), 1);
    }

    #[test]
    fn rejects_malformed_text_with_the_api_servers_words() {
        for bad in ["", "abc", "1.2.3", "5 Gi", "4GB", "m"] {
            assert_eq!(Quantity::parse(bad).unwrap_err(), QUANTITY_FORMAT_ERROR, "{bad:?}");
        }
    }

    #[test]
    fn formats_back_as_kubectl_would() {
        assert_eq!(format_bytes(8 * (1 << 30)), "8Gi");
        assert_eq!(format_bytes(1536 * (1 << 20)), "1536Mi");
        assert_eq!(format_milli_cpu(2000), "2");
        assert_eq!(format_milli_cpu(250), "250m");
    }
}
