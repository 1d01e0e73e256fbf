// The browser half of a container terminal: xterm.js on the portal's terminal WebSocket.
// TerminalView (Razor) imports this module and calls open(); everything else happens here:
//   - binary frames carry raw bytes both ways; text frames carry JSON control messages
//     (client: resize, ping, close; server: session, replay-end, pong, taken-over, error, exit);
//   - a socket that drops without "exit" is reopened with backoff (0.5 s doubling to 10 s) and
//     reattaches with session=<id>; the server replays its scrollback, ended by "replay-end";
//   - closing the handle detaches (the server keeps the session for its grace period); endSession() ends it.
// xterm.js and its addons are copied from node_modules into wwwroot/lib/xterm/ by the build (no CDN).
import { Terminal } from "../lib/xterm/xterm/xterm.mjs";
import { FitAddon } from "../lib/xterm/addon-fit/addon-fit.mjs";
import { SearchAddon } from "../lib/xterm/addon-search/addon-search.mjs";
import { WebLinksAddon } from "../lib/xterm/addon-web-links/addon-web-links.mjs";

const stylesheetUrls = [
  new URL("../lib/xterm/xterm/xterm.css", import.meta.url).href,
  new URL("../css/terminal.css", import.meta.url).href,
];

const firstRetryMs = 500;
const maxRetryMs = 10_000;
const pingIntervalMs = 25_000;
// A socket that never opened a session is given up after this many tries (a refused upgrade, such as
// 404 for a container that is gone, looks the same to a browser as a network error).
const maxAttemptsWithoutSession = 5;
// Longer than the server's default grace period (Terminals:DetachedGraceMinutes, 15).
const defaultReconnectWindowMs = 20 * 60_000;
// A reattach whose "replay-end" never comes is taken as done after this long.
const replayTimeoutMs = 5_000;

// GitHub's terminal palettes: readable on both backgrounds, ANSI colours tuned for each.
const themes = {
  light: {
    background: "#ffffff", foreground: "#1f2328", cursor: "#1f6f8b", cursorAccent: "#ffffff",
    selectionBackground: "rgba(31, 111, 139, 0.25)",
    black: "#24292f", red: "#cf222e", green: "#116329", yellow: "#4d2d00",
    blue: "#0969da", magenta: "#8250df", cyan: "#1b7c83", white: "#6e7781",
    brightBlack: "#57606a", brightRed: "#a40e26", brightGreen: "#1a7f37", brightYellow: "#633c01",
    brightBlue: "#218bff", brightMagenta: "#a475f9", brightCyan: "#3192aa", brightWhite: "#8c959f",
  },
  dark: {
    background: "#0d1117", foreground: "#e6edf3", cursor: "#4fb3d9", cursorAccent: "#0d1117",
    selectionBackground: "rgba(79, 179, 217, 0.35)",
    black: "#484f58", red: "#ff7b72", green: "#3fb950", yellow: "#d29922",
    blue: "#58a6ff", magenta: "#bc8cff", cyan: "#39c5cf", white: "#b1bac4",
    brightBlack: "#6e7681", brightRed: "#ffa198", brightGreen: "#56d364", brightYellow: "#e3b341",
    brightBlue: "#79c0ff", brightMagenta: "#d2a8ff", brightCyan: "#56d4dd", brightWhite: "#ffffff",
  },
};

const searchDecorations = {
  light: {
    matchBackground: "#fff8c5", matchOverviewRuler: "#d4a72c",
    activeMatchBackground: "#ffd33d", activeMatchColorOverviewRuler: "#bf8700",
  },
  dark: {
    matchBackground: "#5a4a00", matchOverviewRuler: "#d29922",
    activeMatchBackground: "#9e6a03", activeMatchColorOverviewRuler: "#e3b341",
  },
};

/**
 * Opens a terminal in `element` and connects it.
 * @param {HTMLElement} element the (empty) element the terminal fills; it must have a height.
 * @param {any} dotNet a DotNetObjectReference with OnStatus(status), OnSession(id), OnSearchResults(index, count).
 * @param {{url: string, dark?: boolean, sessionId?: string, fontSize?: number, reconnectWindowMs?: number}} options
 *   url: the terminal endpoint, relative to the page's base URI (http(s) is turned into ws(s)).
 * @returns a handle: dispose(), focus(), setTheme(dark), search(text, direction), clearSearch(), sendInput(text),
 *   endSession() (asks the server to end the shell), reconnect() (the same session, after a take-over) and
 *   restart() (a new session, after an exit or a failure).
 */
export async function open(element, dotNet, options) {
  await Promise.all(stylesheetUrls.map(ensureStylesheet));
  const terminal = new PortalTerminal(element, dotNet, options);
  terminal.connect();
  return {
    dispose: () => terminal.dispose(),
    focus: () => terminal.focus(),
    setTheme: (dark) => terminal.setTheme(dark),
    search: (text, direction) => terminal.search(text, direction),
    clearSearch: () => terminal.clearSearch(),
    sendInput: (text) => terminal.sendInput(text),
    endSession: () => terminal.sendControl({ type: "close" }),
    reconnect: () => terminal.reconnect(),
    restart: () => terminal.restart(),
  };
}

// TerminalView links the stylesheets itself; this loads any that is missing and waits for them: a terminal
// opened before its styles would measure its cells wrongly.
function ensureStylesheet(stylesheetUrl) {
  const present = [...document.querySelectorAll("link[rel=stylesheet]")].find((link) => link.href === stylesheetUrl);
  if (present) {
    return present.sheet ? Promise.resolve() : new Promise((resolve) => present.addEventListener("load", resolve, { once: true }));
  }

  return new Promise((resolve) => {
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = stylesheetUrl;
    link.addEventListener("load", resolve, { once: true });
    // Without its styles the terminal still works; do not hang the component.
    link.addEventListener("error", resolve, { once: true });
    document.head.appendChild(link);
  });
}

class PortalTerminal {
  constructor(element, dotNet, options) {
    this.element = element;
    this.dotNet = dotNet;
    this.url = options.url;
    this.sessionId = options.sessionId || null;
    this.lastError = null; // the server's {"type":"error"} that precedes a 44xx close
    this.dark = !!options.dark;
    this.reconnectWindowMs = options.reconnectWindowMs || defaultReconnectWindowMs;
    this.encoder = new TextEncoder();
    this.socket = null;
    this.attempt = 0;
    this.disconnectedAt = 0;
    this.reattaching = false;
    this.finished = false; // exit, taken over, given up or disposed: no automatic reconnect
    this.disposed = false;
    this.retryTimer = 0;
    this.countdownTimer = 0;
    this.copyTimer = 0;
    this.replayTimer = 0;
    this.fitFrame = 0;

    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: '"DejaVu Sans Mono", "Liberation Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: options.fontSize || 14,
      lineHeight: 1.1,
      scrollback: 10_000,
      theme: themes[this.dark ? "dark" : "light"],
      // The search addon's match highlights use decorations, still a proposed API in xterm.js 6.
      allowProposedApi: true,
    });
    this.fit = new FitAddon();
    this.searchAddon = new SearchAddon();
    this.term.loadAddon(this.fit);
    this.term.loadAddon(this.searchAddon);
    this.term.loadAddon(new WebLinksAddon((event, uri) => {
      event.preventDefault();
      window.open(uri, "_blank", "noopener,noreferrer");
    }));

    this.term.attachCustomKeyEventHandler((event) => this.onKey(event));
    this.term.onData((data) => this.send(this.encoder.encode(data)));
    // Some mouse reports are not UTF-8: one byte per character.
    this.term.onBinary((data) => this.send(Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff)));
    this.term.onResize(() => {
      this.publishSize();
      this.sendResize();
    });
    this.searchAddon.onDidChangeResults(({ resultIndex, resultCount }) =>
      this.notify("OnSearchResults", resultIndex, resultCount));

    this.term.open(element);
    this.applyBackground();
    // Copy on select: what the mouse selected (a search's selection must not overwrite the clipboard).
    this.onMouseUp = () => this.copySelectionSoon();
    element.addEventListener("mouseup", this.onMouseUp);
    this.resizeObserver = new ResizeObserver(() => this.fitSoon());
    this.resizeObserver.observe(element);
    this.fitNow();
    this.publishSize();

    this.onOnline = () => {
      if (this.retryTimer && !this.finished) {
        this.reconnectNow();
      }
    };
    window.addEventListener("online", this.onOnline);
    this.pingTimer = setInterval(() => this.sendControl({ type: "ping" }), pingIntervalMs);
  }

  // --- the socket ---------------------------------------------------------------------------

  connect() {
    if (this.disposed) {
      return;
    }

    this.clearRetry();
    this.attempt++;
    this.reattaching = !!this.sessionId;
    this.status(this.attempt === 1 && !this.sessionId ? "connecting" : "reconnecting-now");
    this.lastError = null;
    const url = new URL(this.url, document.baseURI);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    if (this.sessionId) {
      // A reattach runs nothing new: the server refuses a command with a session.
      url.searchParams.set("session", this.sessionId);
      url.searchParams.delete("command");
    }

    // The size the grid has now, so the shell starts (or resumes) at it.
    if (this.term.cols > 0 && this.term.rows > 0) {
      url.searchParams.set("cols", String(this.term.cols));
      url.searchParams.set("rows", String(this.term.rows));
    }

    const socket = new WebSocket(url.href);
    socket.binaryType = "arraybuffer";
    socket.onopen = () => this.sendResize();
    socket.onmessage = (event) => this.onMessage(event);
    socket.onclose = (event) => this.onClose(socket, event);
    this.socket = socket;
  }

  onMessage(event) {
    if (typeof event.data !== "string") {
      // xterm.js decodes UTF-8 itself and keeps a sequence split across frames for the next write.
      this.term.write(new Uint8Array(event.data));
      return;
    }

    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }

    switch (message.type) {
      case "session":
        this.onSession(message.id);
        break;
      case "replay-end":
        this.endReplay();
        break;
      case "taken-over":
        this.finish("taken-over");
        break;
      case "error":
        // A refusal (session-ended, too-many-sessions, ...); the close that follows ends this view.
        this.lastError = { code: String(message.code ?? ""), message: String(message.message ?? "") };
        break;
      case "exit":
        this.finish("exited", { code: typeof message.code === "number" ? message.code : null, reason: message.reason ?? null });
        this.term.options.cursorBlink = false;
        this.term.options.disableStdin = true;
        break;
      default:
        // pong and anything newer: nothing to do.
        break;
    }
  }

  onSession(id) {
    const reattached = this.reattaching && id === this.sessionId;
    this.sessionId = id;
    this.attempt = 0;
    this.notify("OnSession", id);
    if (reattached) {
      // The server replays its scrollback next: start from a clean screen so nothing shows twice.
      this.term.reset();
      this.status("replaying");
      clearTimeout(this.replayTimer);
      this.replayTimer = setTimeout(() => this.endReplay(), replayTimeoutMs);
    } else {
      this.status(this.disconnectedAt ? "reconnected" : "connected");
      this.disconnectedAt = 0;
    }
  }

  endReplay() {
    clearTimeout(this.replayTimer);
    this.replayTimer = 0;
    this.status(this.disconnectedAt ? "reconnected" : "connected");
    this.disconnectedAt = 0;
  }

  onClose(socket, event) {
    if (socket !== this.socket) {
      return;
    }

    this.socket = null;
    clearTimeout(this.replayTimer);
    if (this.finished || this.disposed) {
      return;
    }

    // The server refused the session for good (session ended, limits, Docker refused): say why and stop.
    // 1001 (the portal shutting down) and 1006 (a dropped connection) are retried.
    if (event.code === 1008 || (event.code >= 4000 && event.code <= 4999)) {
      this.finish("failed", { message: this.lastError?.message || event.reason || null, reason: this.lastError?.code || null });
      return;
    }

    if (!this.sessionId && this.attempt >= maxAttemptsWithoutSession) {
      this.finish("failed", { message: null });
      return;
    }

    if (this.sessionId) {
      this.disconnectedAt ||= Date.now();
    }

    if (this.sessionId && Date.now() - this.disconnectedAt > this.reconnectWindowMs) {
      this.finish("failed", { message: "The connection was lost for too long; the session has ended." });
      return;
    }

    this.scheduleRetry();
  }

  scheduleRetry() {
    // attempt counts the tries since the last session message: 0.5 s, 1 s, 2 s, ... 10 s.
    const delay = Math.min(firstRetryMs * 2 ** this.attempt, maxRetryMs);
    const due = Date.now() + delay;
    const state = this.sessionId ? "reconnecting" : "retrying";
    const tick = () => this.status(state, { seconds: Math.max(1, Math.ceil((due - Date.now()) / 1000)) });
    tick();
    this.countdownTimer = setInterval(tick, 1000);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  clearRetry() {
    clearTimeout(this.retryTimer);
    clearInterval(this.countdownTimer);
    this.retryTimer = 0;
    this.countdownTimer = 0;
  }

  reconnectNow() {
    this.clearRetry();
    this.connect();
  }

  /** After "taken over", "failed" or a long outage: try again, taking the session back if it lives. */
  reconnect() {
    if (this.disposed) {
      return;
    }

    this.finished = false;
    this.attempt = 0;
    this.closeSocket("reconnect");
    this.reconnectNow();
  }

  /** After an exit: a new session in the same view. */
  restart() {
    if (this.disposed) {
      return;
    }

    this.closeSocket("restart");
    this.sessionId = null;
    this.disconnectedAt = 0;
    this.finished = false;
    this.attempt = 0;
    this.term.reset();
    this.term.options.disableStdin = false;
    this.term.options.cursorBlink = true;
    this.reconnectNow();
    this.term.focus();
  }

  finish(state, detail) {
    this.finished = true;
    this.clearRetry();
    this.status(state, detail);
  }

  send(bytes) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(bytes);
    }
  }

  sendControl(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify(message));
    }
  }

  sendResize() {
    this.sendControl({ type: "resize", cols: this.term.cols, rows: this.term.rows });
  }

  sendInput(text) {
    this.send(this.encoder.encode(text));
  }

  closeSocket(reason) {
    const socket = this.socket;
    this.socket = null;
    if (socket) {
      socket.onopen = socket.onmessage = socket.onclose = null;
      if (socket.readyState === WebSocket.CONNECTING || socket.readyState === WebSocket.OPEN) {
        // A normal close detaches: the server keeps the session for its grace period.
        socket.close(1000, reason);
      }
    }
  }

  // --- the screen ---------------------------------------------------------------------------

  fitSoon() {
    if (!this.fitFrame) {
      this.fitFrame = requestAnimationFrame(() => {
        this.fitFrame = 0;
        this.fitNow();
      });
    }
  }

  fitNow() {
    // A hidden tab has no size; fitting it would shrink the remote terminal to nothing.
    if (this.disposed || this.element.clientWidth === 0 || this.element.clientHeight === 0) {
      return;
    }

    try {
      this.fit.fit();
    } catch {
      // Not measurable yet (fonts still loading); the next resize fits it.
    }
  }

  // The grid's size on the element, for people inspecting the page and for browser tests (`stty size` must match).
  publishSize() {
    this.element.dataset.cols = String(this.term.cols);
    this.element.dataset.rows = String(this.term.rows);
  }

  focus() {
    this.fitNow();
    this.term.focus();
  }

  setTheme(dark) {
    this.dark = !!dark;
    this.term.options.theme = themes[this.dark ? "dark" : "light"];
    this.applyBackground();
    // Match highlights are drawn in the theme's colours: draw them again.
    if (this.searchText) {
      this.searchAddon.clearDecorations();
      this.search(this.searchText, "incremental");
    }
  }

  applyBackground() {
    // The padding around the character grid gets the terminal's own background.
    this.element.style.backgroundColor = themes[this.dark ? "dark" : "light"].background;
  }

  // Ctrl+Shift+C copies, Ctrl+Shift+V pastes (the browser's paste event, which xterm.js handles);
  // plain Ctrl+C and Ctrl+V go to the shell as in any terminal.
  onKey(event) {
    if (event.type !== "keydown" || !event.ctrlKey || !event.shiftKey || event.altKey || event.metaKey) {
      return true;
    }

    if (event.code === "KeyC") {
      event.preventDefault();
      this.copySelection();
      return false;
    }

    if (event.code === "KeyV") {
      // Not prevented: the browser pastes into xterm.js's textarea, as for a right-click paste.
      return false;
    }

    return true;
  }

  // After xterm.js has finished the selection (a double or triple click completes after mouseup).
  copySelectionSoon() {
    clearTimeout(this.copyTimer);
    this.copyTimer = setTimeout(() => this.copySelection(), 50);
  }

  copySelection() {
    const text = this.term.getSelection();
    if (text && navigator.clipboard) {
      // Refused without focus or outside a secure context: selecting still works.
      navigator.clipboard.writeText(text).catch(() => { });
    }
  }

  // direction: "incremental" (as the text is typed), "next" or "previous".
  search(text, direction) {
    this.searchText = text || "";
    if (!text) {
      this.clearSearch();
      return false;
    }

    const options = { decorations: searchDecorations[this.dark ? "dark" : "light"], incremental: direction === "incremental" };
    return direction === "previous" ? this.searchAddon.findPrevious(text, options) : this.searchAddon.findNext(text, options);
  }

  clearSearch() {
    this.searchText = "";
    this.searchAddon.clearDecorations();
    this.term.clearSelection();
    this.notify("OnSearchResults", -1, 0);
  }

  // --- .NET ---------------------------------------------------------------------------------

  status(state, detail) {
    this.notify("OnStatus", {
      state,
      code: detail?.code ?? null,
      seconds: detail?.seconds ?? null,
      message: detail?.message ?? null,
      reason: detail?.reason ?? null,
    });
  }

  notify(method, ...args) {
    if (!this.disposed) {
      // The circuit may be gone (the tab is closing): nothing to tell then.
      this.dotNet.invokeMethodAsync(method, ...args).catch(() => { });
    }
  }

  dispose() {
    if (this.disposed) {
      return;
    }

    this.disposed = true;
    this.finished = true;
    this.clearRetry();
    clearInterval(this.pingTimer);
    clearTimeout(this.copyTimer);
    clearTimeout(this.replayTimer);
    cancelAnimationFrame(this.fitFrame);
    window.removeEventListener("online", this.onOnline);
    this.element.removeEventListener("mouseup", this.onMouseUp);
    this.resizeObserver.disconnect();
    this.closeSocket("detach");
    this.term.dispose();
  }
}
