/**
 * Returns the URL with its password, in the user part or in a `password` parameter, replaced
 * by `***`, so that messages and logs can name a database or Redis server without the secret.
 */
export function redactUrlPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.href;
  } catch {
    // Not a WHATWG URL (a port that is not a number, say), but a driver may still read it.
    return url.replace(/^([a-z]+:\/\/[^:/@]*):[^@]*@/i, '$1:***@');
  }
}
