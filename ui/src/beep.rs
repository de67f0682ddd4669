//! The refusal sound of scanning: a warehouse clerk looks at the shelf, not the screen, so a
//! refused scan must be heard (two short low tones, like a scanner's error beep). A desk with
//! no sound device stays silent; the banner still says why.

use web_sys::{AudioContext, OscillatorType};

thread_local! {
    /// One audio context for the window (browsers limit how many a page may open).
    static CONTEXT: Option<AudioContext> = AudioContext::new().ok();
}

/// Plays the refusal sound and counts it on `<body data-refusal-beeps>` (what the end-to-end
/// test reads: it can't hear).
pub fn refusal() {
    CONTEXT.with(|ctx| {
        if let Some(ctx) = ctx {
            let _ = tone(ctx, 0.0).and_then(|_| tone(ctx, 0.18));
        }
    });
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let n: u32 = body
            .get_attribute("data-refusal-beeps")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let _ = body.set_attribute("data-refusal-beeps", &(n + 1).to_string());
    }
}

/// A 0.12 s square tone at 330 Hz starting `after` seconds from now.
fn tone(ctx: &AudioContext, after: f64) -> Result<(), wasm_bindgen::JsValue> {
    let osc = ctx.create_oscillator()?;
    let gain = ctx.create_gain()?;
    osc.set_type(OscillatorType::Square);
    osc.frequency().set_value(330.0);
    gain.gain().set_value(0.2);
    osc.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&ctx.destination())?;
    let start = ctx.current_time() + after;
    osc.start_with_when(start)?;
    osc.stop_with_when(start + 0.12)?;
    Ok(())
}
