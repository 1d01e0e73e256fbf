// Small browser helpers for the portal's layout. Kept as an ES module so components import what they use.
const themeKey = "portal.theme";

export function getThemePreference() {
  try {
    return localStorage.getItem(themeKey);
  } catch {
    return null;
  }
}

export function setThemePreference(value) {
  // The cookie lets the server render the right theme at once, on static pages too.
  document.cookie = `${themeKey}=${value}; path=/; max-age=31536000; samesite=lax`;
  try {
    localStorage.setItem(themeKey, value);
  } catch {
    // Private windows may refuse storage; the toggle still works for this page.
  }
}
