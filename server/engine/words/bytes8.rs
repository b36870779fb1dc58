//! Tests on eight ASCII bytes at once, in one `u64` (SWAR): each sets the high bit of every
//! byte that passes, and [`gather`] turns the eight high bits into eight bits of a mask. The
//! scans that read a message 64 bytes at a time build their masks with these, with no branch
//! per byte. Every byte must be ASCII (below `0x80`): the tests rely on it to keep carries and
//! borrows inside their byte.

/// `0x01` in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` (eight ASCII bytes) that is `c` (ASCII). Bytes of `x ^ c`
/// are below `0x80`, so adding `0x7F` sets a byte's high bit unless it is zero, and carries
/// into no other byte.
pub fn equal(x: u64, c: u8) -> u64 {
    !((x ^ ONES * u64::from(c)) + ONES * 0x7F) & HIGH
}

/// The high bit of each byte of `x` (eight ASCII bytes) from `lo` to `hi` (ASCII). With its
/// high bit set a byte is `0x80` or more, so subtracting `lo` or `hi + 1` borrows from no other
/// byte, and leaves the high bit set exactly when the byte is that much or more.
pub fn within(x: u64, lo: u8, hi: u8) -> u64 {
    let y = x | HIGH;
    (y - ONES * u64::from(lo)) & !(y - ONES * (u64::from(hi) + 1)) & HIGH
}

/// The high bit of each byte of `x` (any bytes, ASCII or not) that is `c` (any byte): a byte
/// of `x ^ c` is zero exactly when neither its low seven bits plus `0x7F` (which carry into no
/// other byte) nor its own high bit set the high bit.
pub fn equal_any(x: u64, c: u8) -> u64 {
    let t = x ^ ONES * u64::from(c);
    !(((t & !HIGH) + ONES * 0x7F) | t) & HIGH
}

/// The high bits of the eight bytes of `high` (no other bit set) as eight bits, byte `k` at
/// bit `k`: the multiplication adds each shifted bit into the top byte at its own place.
pub fn gather(high: u64) -> u64 {
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eight_byte_tests_match_byte_tests() {
        for c in 0..128u8 {
            let x = u64::from_le_bytes([c, b'a', 0, 127, c, b'.', b'\n', b'E']);
            let bytes = x.to_le_bytes();
            let expect = |test: &dyn Fn(u8) -> bool| {
                (0..8).fold(0u64, |m, k| m | u64::from(test(bytes[k])) << k)
            };
            for probe in [c, b'a', b'.', b'\n', 0, 127] {
                let any = u64::from_le_bytes([c, 0xE2, 0x80, 0xFF, probe | 0x80, probe, 0, c]);
                let any_bytes = any.to_le_bytes();
                for wanted in [probe, probe | 0x80, 0xE2, 0xFF] {
                    let expect_any =
                        (0..8).fold(0u64, |m, k| m | u64::from(any_bytes[k] == wanted) << k);
                    assert_eq!(gather(equal_any(any, wanted)), expect_any, "{c} {wanted}");
                }
                assert_eq!(
                    gather(equal(x, probe)),
                    expect(&|b| b == probe),
                    "{c} {probe}"
                );
            }
            for (lo, hi) in [(b'a', b'z'), (b'0', b'9'), (b'\t', b'\r'), (0, 127), (c, c)] {
                let want = expect(&|b| (lo..=hi).contains(&b));
                assert_eq!(gather(within(x, lo, hi)), want, "{c} {lo}..={hi}");
            }
        }
    }
}
