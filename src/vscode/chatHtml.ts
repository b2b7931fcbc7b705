// The chat webview's HTML shell: a strict content security policy (nothing loads but the extension's own
// styles, fonts and images, data: images the user attached, and the one script carrying this load's nonce),
// the stylesheets, and the element the script mounts on. Free of `vscode` so tests can read it.

export interface ChatHtmlOptions {
  /** `webview.cspSource`: the origin the webview serves extension resources from. */
  cspSource: string;
  /** A fresh random value per load (base64 or base64url). */
  nonce: string;
  scriptUri: string;
  styleUris: string[];
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The content security policy for a load with this nonce. */
export function chatContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // Not covered by default-src: without these an injected <base> or <form> could still act.
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function chatHtml({ cspSource, nonce, scriptUri, styleUris }: ChatHtmlOptions): string {
  // Both end up inside the policy: a quote or semicolon there would let a value add its own directives.
  if (!/^[A-Za-z0-9+/_=-]{16,}$/.test(nonce)) throw new Error('The webview nonce must be at least 16 base64 characters.');
  if (/[;",]/.test(cspSource.trim()) || !cspSource.trim()) throw new Error(`Unexpected webview CSP source: ${cspSource}`);
  const styles = styleUris.map((uri) => `  <link rel="stylesheet" href="${escapeAttribute(uri)}">`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(chatContentSecurityPolicy(cspSource.trim(), nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${styles}
  <title>Mini Coder</title>
</head>
<body>
  <main id="app" aria-label="Mini Coder chat"></main>
  <script nonce="${nonce}" src="${escapeAttribute(scriptUri)}"></script>
</body>
</html>
`;
}
