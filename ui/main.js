// Loads the Leptos app compiled to wasm (built by scripts/build-ui.sh into pkg/).
import init from './pkg/fairdesk_ui.js';
init();
