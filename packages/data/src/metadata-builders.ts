import type { ItemCatalogue, UserTable } from './dataset';

/** Collects item titles and genres by item index, then aligns them with the id table. */
export class ItemCatalogueBuilder {
  private readonly titles: string[] = [];
  private readonly genres: number[][] = [];
  private readonly genreNames: string[];
  private readonly genreIndex = new Map<string, number>();
  private readonly fixedGenres: boolean;

  /**
   * @param genreNames Genre names in a fixed order (ML-100K's u.genre). When omitted, names are
   *   collected as met and sorted alphabetically at `build()`.
   */
  constructor(genreNames?: readonly string[]) {
    this.genreNames = genreNames ? [...genreNames] : [];
    this.fixedGenres = genreNames !== undefined;
    this.genreNames.forEach((g, k) => this.genreIndex.set(g, k));
  }

  /** Index of a genre name, adding it when new. */
  genre(name: string): number {
    let k = this.genreIndex.get(name);
    if (k === undefined) {
      k = this.genreNames.length;
      this.genreIndex.set(name, k);
      this.genreNames.push(name);
    }
    return k;
  }

  /** Sets the metadata of item index `item`. */
  set(item: number, title: string, genres: number[]): void {
    this.titles[item] = title;
    this.genres[item] = genres;
  }

  /** Whether item index `item` has metadata. */
  has(item: number): boolean {
    return this.titles[item] !== undefined;
  }

  /** The catalogue for item indices `0..numItems-1` (missing items: `''`, no genres). */
  build(numItems: number): ItemCatalogue {
    let remap: Int32Array | null = null;
    let names = this.genreNames;
    if (!this.fixedGenres) {
      names = [...this.genreNames].sort();
      remap = new Int32Array(names.length);
      names.forEach((g, k) => (remap![this.genreIndex.get(g)!] = k));
    }
    const titles = new Array<string>(numItems);
    const genres = new Array<number[]>(numItems);
    for (let j = 0; j < numItems; j++) {
      titles[j] = this.titles[j] ?? '';
      const g = this.genres[j] ?? [];
      genres[j] = remap ? g.map((k) => remap![k]!).sort((a, b) => a - b) : g;
    }
    return { titles, genreNames: names, genres };
  }
}

/** Collects user attributes by user index, then aligns them with the id table. */
export class UserTableBuilder {
  private readonly ages: number[] = [];
  private readonly genders: string[] = [];
  private readonly occupations: string[] = [];
  private readonly zipCodes: string[] = [];

  /** Whether user index `user` has attributes. */
  has(user: number): boolean {
    return this.genders[user] !== undefined;
  }

  set(user: number, age: number, gender: string, occupation: string, zipCode: string): void {
    this.ages[user] = age;
    this.genders[user] = gender;
    this.occupations[user] = occupation;
    this.zipCodes[user] = zipCode;
  }

  build(numUsers: number): UserTable {
    const ages = new Float32Array(numUsers);
    const genders = new Array<string>(numUsers);
    const occupations = new Array<string>(numUsers);
    const zipCodes = new Array<string>(numUsers);
    for (let u = 0; u < numUsers; u++) {
      ages[u] = this.ages[u] ?? NaN;
      genders[u] = this.genders[u] ?? '';
      occupations[u] = this.occupations[u] ?? '';
      zipCodes[u] = this.zipCodes[u] ?? '';
    }
    return { ages, genders, occupations, zipCodes };
  }
}
