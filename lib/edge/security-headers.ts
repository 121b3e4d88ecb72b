// Set on every response, cache hits included. The Content-Security-Policy uses no nonces: a nonce
// differs per response, which would make every reader page render per request. Next's inline
// bootstrap scripts therefore need 'unsafe-inline' in script-src; what the policy does refuse is any
// script, object, form target, frame parent or <base> from another origin.
export function contentSecurityPolicy(dev: boolean): string {
  return [
    "default-src 'self'",
    // Next's dev overlay evaluates code; production never does.
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function securityHeaders({ https, dev }: { https: boolean; dev: boolean }): [string, string][] {
  const headers: [string, string][] = [
    ["Content-Security-Policy", contentSecurityPolicy(dev)],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    ["Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["X-Frame-Options", "DENY"],
  ];
  // Browsers ignore HSTS over plain http; sent only when the site is served over https.
  if (https) headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  return headers;
}

export const SECURITY_HEADER_NAMES = new Set(
  securityHeaders({ https: true, dev: false }).map(([n]) => n.toLowerCase()),
);
