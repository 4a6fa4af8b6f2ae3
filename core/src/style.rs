//! The widget's stylesheet: the widget injects it into its shadow root, and the server puts it
//! into the first view it renders and the landing page, so that both look alike to the pixel.
//! Minified from `style/widget.css` by `build.rs`.

pub const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));

/// The height of the widget's whole first view (`.upprop.full`: 40em of the widget's fixed
/// 16 px): what a page reserves for it, and an iframe's height until the frame says otherwise.
pub const FIRST_VIEW_HEIGHT_PX: u32 = 640;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_view_is_as_high_as_the_stylesheet_makes_it() {
        let rule = |selector: &str| {
            let start = WIDGET_CSS.find(&[selector, "{"].concat()).unwrap() + selector.len();
            &WIDGET_CSS[start..start + WIDGET_CSS[start..].find('}').unwrap()]
        };
        assert!(
            rule(".upprop.full").contains("height:40em;"),
            "{WIDGET_CSS}"
        );
        assert!(rule(":host").contains("font:16px/1.5 "), "{WIDGET_CSS}");
        assert_eq!(FIRST_VIEW_HEIGHT_PX, 40 * 16);
    }
}
