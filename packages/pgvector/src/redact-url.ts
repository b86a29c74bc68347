/** Connection URLs in messages without their secrets. */

/**
 * The URL with its password replaced by `***` (and any `password=` query parameter too), for
 * every message and log line that names a database: `postgres://app:s3cret@db:5432/x` ->
 * `postgres://app:***@db:5432/x`. Something that does not parse as a URL is returned with anything
 * between `://` and `@` cut down to the user name.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(password|sslpassword|sslkey)$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/:\/\/([^:@/]*):[^@]*@/, '://$1:***@');
  }
}
