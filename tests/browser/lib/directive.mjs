// The theme variables a diagram's %%{init}%% directive asks for, read the way a
// writer means them (a JavaScript object literal), to check the drawing against.

export function directiveOf(source) {
  const m = /%%\{\s*init\s*:([\s\S]*)\}%%/.exec(source);
  // Test input is our own fixtures and demo content: evaluating it is fine here.
  return m ? new Function(`return (${m[1]});`)() : null;
}

/** The variables that must show in `theme`, or null where Mermaid's theme applies. */
export function expectedVariables(source, theme) {
  const d = directiveOf(source);
  if (!d) return null;
  if (theme === 'dark') return d.darkThemeVariables || null;
  return d.themeVariables || null;
}
