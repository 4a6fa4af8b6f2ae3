//! The widget's stylesheet: the widget injects it into its shadow root, and the server puts it
//! into the first view it renders and the landing page, so that both look alike to the pixel.
//! Minified from `style/widget.css` by `build.rs`.

pub const WIDGET_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/widget.css"));
