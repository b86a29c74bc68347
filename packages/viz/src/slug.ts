/** A lowercase `[a-z0-9-]` slug of `s` that starts with a letter (a valid HTML id and CSS selector). */
export function slugify(s: string, fallback = 'section'): string {
  const base = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/, '');
  if (!base) return fallback;
  return /^[a-z]/.test(base) ? base : `s-${base}`;
}

/** Makes slugs unique by appending -2, -3, … */
export class SlugSet {
  private readonly used = new Set<string>();

  take(s: string): string {
    let slug = s;
    for (let k = 2; this.used.has(slug); k++) slug = `${s}-${k}`;
    this.used.add(slug);
    return slug;
  }
}
