//! Draws the unread count onto the tray icon. Linux trays show neither tooltips
//! nor reliable titles, so the number has to be in the pixels themselves.
//! A tiny built-in 3×5 digit font keeps this free of font-rendering dependencies.

/// 3×5 glyphs, one row per entry, bit 2 = left column.
const GLYPHS: [[u8; 5]; 11] = [
    [0b111, 0b101, 0b101, 0b101, 0b111], // 0
    [0b010, 0b110, 0b010, 0b010, 0b111], // 1
    [0b111, 0b001, 0b111, 0b100, 0b111], // 2
    [0b111, 0b001, 0b111, 0b001, 0b111], // 3
    [0b101, 0b101, 0b111, 0b001, 0b001], // 4
    [0b111, 0b100, 0b111, 0b001, 0b111], // 5
    [0b111, 0b100, 0b111, 0b101, 0b111], // 6
    [0b111, 0b001, 0b010, 0b010, 0b010], // 7
    [0b111, 0b101, 0b111, 0b101, 0b111], // 8
    [0b111, 0b101, 0b111, 0b001, 0b111], // 9
    [0b000, 0b010, 0b111, 0b010, 0b000], // +
];

const BADGE_RED: [u8; 4] = [0xe0, 0x2b, 0x2b, 0xff];
const WHITE: [u8; 4] = [0xff, 0xff, 0xff, 0xff];

/// Returns a copy of the square RGBA `icon` (side `size`) with `count` in a red
/// badge at the top right; `count == 0` returns the icon unchanged.
pub fn with_badge(icon: &[u8], size: u32, count: usize) -> Vec<u8> {
    let mut out = icon.to_vec();
    if count == 0 || size < 16 {
        return out;
    }
    let s = size as i64;
    let radius = s * 3 / 10;
    draw(&mut out, size, count, (s - radius - 1, radius + 1), radius);
    out
}

/// The count alone, a red disc filling a transparent square of side `size`: the
/// Windows taskbar's overlay icon, which the taskbar draws over the app's own
/// icon. `None` for no unread conversation (no overlay).
pub fn overlay(size: u32, count: usize) -> Option<Vec<u8>> {
    if count == 0 || size < 8 {
        return None;
    }
    let mut out = vec![0; (size * size * 4) as usize];
    let half = size as i64 / 2;
    draw(&mut out, size, count, (half, half), half - 1);
    Some(out)
}

/// A red disc at `(cx, cy)` with `count` in white digits ("99+" above 99).
fn draw(out: &mut [u8], size: u32, count: usize, (cx, cy): (i64, i64), radius: i64) {
    let s = size as i64;
    let label: Vec<usize> = if count > 99 {
        vec![9, 9, 10]
    } else {
        count
            .to_string()
            .bytes()
            .map(|b| (b - b'0') as usize)
            .collect()
    };
    for y in 0..s {
        for x in 0..s {
            let (dx, dy) = (x - cx, y - cy);
            if dx * dx + dy * dy <= radius * radius {
                put(out, size, x, y, BADGE_RED);
            }
        }
    }
    // Scale the glyphs to fill about 60 % of the badge's width, and no more
    // than 60 % of its height (one tall digit would spill out of the disc).
    let chars = label.len() as i64;
    let inner = radius * 2 * 6 / 10;
    let scale = (inner / (chars * 4 - 1)).min(inner / 5).max(1);
    let width = (chars * 4 - 1) * scale;
    let (x0, y0) = (cx - width / 2, cy - 5 * scale / 2);
    for (i, glyph) in label.iter().enumerate() {
        for (row, bits) in GLYPHS[*glyph].iter().enumerate() {
            for col in 0..3 {
                if bits & (0b100 >> col) != 0 {
                    for sy in 0..scale {
                        for sx in 0..scale {
                            let x = x0 + (i as i64 * 4 + col) * scale + sx;
                            let y = y0 + row as i64 * scale + sy;
                            put(out, size, x, y, WHITE);
                        }
                    }
                }
            }
        }
    }
}

fn put(buf: &mut [u8], size: u32, x: i64, y: i64, rgba: [u8; 4]) {
    if x < 0 || y < 0 || x >= size as i64 || y >= size as i64 {
        return;
    }
    let i = ((y as usize) * size as usize + x as usize) * 4;
    buf[i..i + 4].copy_from_slice(&rgba);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(size: u32) -> Vec<u8> {
        vec![0; (size * size * 4) as usize]
    }

    #[test]
    fn zero_leaves_the_icon_alone() {
        assert_eq!(with_badge(&blank(64), 64, 0), blank(64));
    }

    #[test]
    fn draws_a_red_badge_with_white_digits_top_right() {
        let img = with_badge(&blank(64), 64, 7);
        let px = |x: usize, y: usize| &img[(y * 64 + x) * 4..(y * 64 + x) * 4 + 4];
        // Bottom-left stays untouched; badge area has red and white pixels.
        assert_eq!(px(2, 60), &[0, 0, 0, 0]);
        let badge: Vec<&[u8]> = (0..30)
            .flat_map(|y| (34..64).map(move |x| (x, y)))
            .map(|(x, y)| px(x, y))
            .collect();
        assert!(badge.iter().any(|p| *p == BADGE_RED));
        assert!(badge.iter().any(|p| *p == WHITE));
    }

    #[test]
    fn the_overlay_is_a_centred_disc_with_the_count_and_nothing_for_zero() {
        assert_eq!(overlay(32, 0), None);
        let img = overlay(32, 5).unwrap();
        assert_eq!(img.len(), 32 * 32 * 4);
        let px = |x: usize, y: usize| &img[(y * 32 + x) * 4..(y * 32 + x) * 4 + 4];
        assert_eq!(px(0, 0), &[0, 0, 0, 0], "corners stay transparent");
        assert_eq!(px(16, 2), &BADGE_RED, "the disc reaches the top");
        assert!((10..22).any(|x| (10..22).any(|y| px(x, y) == WHITE)));
        assert_ne!(overlay(32, 5), overlay(32, 6));
        assert_ne!(overlay(32, 99), overlay(32, 100));
    }

    #[test]
    fn different_counts_draw_differently_and_large_counts_fit() {
        assert_ne!(with_badge(&blank(64), 64, 3), with_badge(&blank(64), 64, 8));
        assert_ne!(
            with_badge(&blank(64), 64, 12),
            with_badge(&blank(64), 64, 150)
        );
        assert_eq!(with_badge(&blank(64), 64, 150).len(), blank(64).len());
    }
}
