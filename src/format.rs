//! Numbers as the board prints them: cpu as kubectl does (`1500m`, `2`), memory
//! in the largest binary unit with at most two decimals (`1.5Gi`, `512Mi`).

use podium_engine::quantity::format_milli_cpu;

pub fn cpu(milli: i64) -> String {
    format_milli_cpu(milli)
}

pub fn memory(bytes: i64) -> String {
    const UNITS: [(&str, i64); 4] = [("Ti", 1 << 40), ("Gi", 1 << 30), ("Mi", 1 << 20), ("Ki", 1 << 10)];
    if bytes == 0 {
        return "0".into();
    }
    for (suffix, size) in UNITS {
        if bytes.abs() >= size {
            let hundredths = (bytes as i128 * 100 + size as i128 / 2) / size as i128;
            let (whole, frac) = (hundredths / 100, hundredths % 100);
            return match frac {
                0 => format!("{whole}{suffix}"),
                f if f % 10 == 0 => format!("{whole}.{}{suffix}", f / 10),
                f => format!("{whole}.{f:02}{suffix}"),
            };
        }
    }
    bytes.to_string()
}

/// How full a bar is, in whole percent (0 when nothing is allocatable, at most 100).
pub fn percent(used: i64, total: i64) -> u32 {
    if total <= 0 {
        return 0;
    }
    ((used.max(0) as i128 * 100 / total as i128).min(100)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_read_naturally() {
        assert_eq!(cpu(1500), "1500m");
        assert_eq!(cpu(2000), "2");
        assert_eq!(cpu(0), "0");
        assert_eq!(memory(1536 << 20), "1.5Gi");
        assert_eq!(memory(4 << 30), "4Gi");
        assert_eq!(memory(512 << 20), "512Mi");
        assert_eq!(memory((1 << 30) + (256 << 20)), "1.25Gi");
        assert_eq!(memory(0), "0");
        assert_eq!(percent(1500, 2000), 75);
        assert_eq!(percent(3000, 2000), 100);
        assert_eq!(percent(1, 0), 0);
    }
}
