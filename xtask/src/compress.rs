//! Compression as a web server would apply it: gzip -9 and brotli quality 11.

use std::fs;
use std::io::Write;
use std::path::Path;

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to memory");
    out
}

const COMPRESSIBLE: [&str; 4] = ["js", "wasm", "html", "css"];

/// Writes `NAME.br` and `NAME.gz` beside every compressible file in `dir`.
pub fn precompress_all(dir: &Path) -> Result<(), String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        let compressible = path
            .extension()
            .and_then(|ext| ext.to_str())
            .is_some_and(|ext| COMPRESSIBLE.contains(&ext));
        if !compressible {
            continue;
        }
        let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        for (suffix, compressed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            let target = format!("{}.{suffix}", path.display());
            fs::write(&target, compressed).map_err(|e| format!("cannot write {target}: {e}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_copies_decompress_to_the_original() {
        let dir = std::env::temp_dir().join(format!("upprop-compress-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let original = "export const greeting = 'hej';\n".repeat(50);
        fs::write(dir.join("module.js"), &original).unwrap();
        fs::write(dir.join("notes.txt"), "not served compressed").unwrap();

        precompress_all(&dir).unwrap();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(
            &mut &fs::read(dir.join("module.js.br")).unwrap()[..],
            &mut unpacked,
        )
        .unwrap();
        assert_eq!(unpacked, original.as_bytes());
        let gz = fs::read(dir.join("module.js.gz")).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut text)
            .unwrap();
        assert_eq!(text, original);
        assert!(!dir.join("notes.txt.br").exists());
        fs::remove_dir_all(&dir).unwrap();
    }
}
