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
  try {
    localStorage.setItem(themeKey, value);
  } catch {
    // Private windows may refuse storage; the toggle still works for this page.
  }
}
