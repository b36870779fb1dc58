//! What a panic prints. Rust's default message can quote the text being worked on (a bad string
//! slice prints the string, up to 256 bytes of it), and drafts are private: by default only the
//! place in our code is printed. `SENDWELL_LOG=trace` adds the panic's own message.
//!
//! The language server catches panics per request (`lsp::backend`), but the hook runs before any
//! catching, so it decides what reaches stderr (and the editor's log) in the server and CLI alike.

use std::panic::PanicHookInfo;

/// The environment variable that switches trace logging on (`SENDWELL_LOG=trace`).
pub const LOG_ENV: &str = "SENDWELL_LOG";

/// Replaces the default panic hook for the whole process.
pub fn install() {
    let trace = trace_enabled();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!("{}", report(info, trace));
    }));
}

/// Whether `SENDWELL_LOG` asks for trace logging, which may quote message text.
pub fn trace_enabled() -> bool {
    std::env::var(LOG_ENV).is_ok_and(|v| v.trim().eq_ignore_ascii_case("trace"))
}

/// The lines printed for a panic: where it happened and, only with `trace`, what it said.
pub fn report(info: &PanicHookInfo<'_>, trace: bool) -> String {
    let place = info.location().map_or_else(
        || "an unknown place".to_string(),
        |l| format!("{}:{}:{}", l.file(), l.line(), l.column()),
    );
    let thread = std::thread::current();
    let thread = thread.name().unwrap_or("unnamed");
    let mut out = format!("sendwell: internal error (a bug) in thread '{thread}' at {place}");
    if trace {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| info.payload().downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(no message)");
        out.push_str(&format!("\n  message: {payload}"));
    } else {
        out.push_str(&format!(
            "\n  (its message is withheld because it may quote your text; {LOG_ENV}=trace shows it)"
        ));
    }
    // Function names and our source paths only: safe to show whenever RUST_BACKTRACE asks.
    let backtrace = std::backtrace::Backtrace::capture();
    if backtrace.status() == std::backtrace::BacktraceStatus::Captured {
        out.push_str(&format!("\n{backtrace}"));
    }
    out
}

/// Debug builds only: panics the way a string-slicing bug would, quoting `text`, when
/// `SENDWELL_TEST_PANIC` is set to a marker that `text` contains, so tests can see what a real
/// panic inside a request prints. Release builds compile this to nothing.
#[cfg(debug_assertions)]
pub fn test_trigger(text: &str) {
    if let Ok(marker) = std::env::var("SENDWELL_TEST_PANIC") {
        if !marker.is_empty() && text.contains(&marker) {
            let past_the_end = text.len() + 1;
            let _ = &text[..past_the_end];
        }
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn test_trigger(_text: &str) {}
