// SPDX-License-Identifier: MIT
// TypeScript declarations of the riap package (libriap over koffi).

export type Granularity =
  'day' | 'month' | 'year' | 'fiscal-year' | 'dekad' | 'half' | 'quarter' | 'decade' | 'open';

export interface Options { strict?: boolean; lang?: 'en' | 'ja' }

/** An inclusive range of days: ISO dates (YYYY-MM-DD), null for an open end. */
export interface EraRange {
  start: string | null;
  end: string | null;
  granularity: [Granularity, Granularity];
  eras: [string | null, string | null];
  warnings: string[];
  label: string | null;
  remark: string | null;
  approximate: boolean;
  /** in running text: read against the date before it in the paragraph (翌年度から, 6日 of
   * 10月5日・6日) */
  context: boolean;
  /** a time of day written after the start's day, 'HH:MM' or 'HH:MM:SS'; null for none */
  startTime: string | null;
  /** after the end's day, or the second time of a range within one day (10:00～12:00) */
  endTime: string | null;
}

export declare class RiapError extends Error {
  status: string;
  rule: string | null;
  line: number;
  /** in code points, from 1, as the library counts */
  column: number;
  /** in bytes of UTF-8 */
  offset: number | null;
  /** in UTF-16 code units (JavaScript string indices), from 1, when known */
  columnUtf16?: number;
}

export interface DateMatch {
  /** UTF-16 indices into the text given */
  start: number;
  end: number;
  text: string;
  range: EraRange | null;
  error: RiapError | null;
}

export interface Diagnostic {
  rule: string;
  severity: 'error' | 'warning' | 'note';
  message: string;
  file: string | null;
  line: number;
  column: number;
  offset: number | null;
  path: string | null;
}

export interface Report { valid: boolean; errors: number; warnings: number; diagnostics: Diagnostic[] }

export interface Project { name: string; also: string[] }
export interface Category { id: string; heading: string; description: string | null; projects: Project[] }
export interface Figure { caption: string; category: string | null }
export interface Plan {
  id: string;
  title: string | null;
  municipality: { name: string | null; kind: string | null; prefecture: string | null; code: string | null };
  /** the period as written, and its first and last days (YYYY-MM-DD) as stored */
  period: { text: string | null; start: string | null; end: string | null };
  overview: string[];
  visions: string[];
  scheme: string;
  categories: Category[];
  figures: Figure[];
}
export interface Document {
  version: string;
  file: string | null;
  meta: {
    sourceTitle: string | null; publisher: string | null; url: string | null; program: string | null;
    approver: string | null; approverCode: string | null; published: string | null; approved: string | null;
  };
  plans: Plan[];
}

export declare function parseEra(text: string, options?: Options): EraRange;
export declare function findDates(text: string, options?: Options): DateMatch[];
export declare function formatDay(day: string | Date, flags?: number): string;
export declare function formatFiscalYear(year: number, flags?: number): string;
/** Needs start, end, granularity and eras as parseEra gives them. */
export declare function formatRange(
  range: Pick<EraRange, 'start' | 'end' | 'granularity' | 'eras'>, flags?: number): string;
export declare function validateFile(path: string, options?: Options & { stream?: boolean }): Report;
export declare function validateString(xml: string, options?: Options): Report;
export declare function loadDocument(path: string, options?: Options): Document;
export declare function parseDocument(xml: string, options?: Options): Document;
export declare function canonicalXml(xml: string, options?: Options): string;
export declare function rules(options?: Options): { rule: string; area: string; severity: 'error' | 'warning' | 'note'; description: string }[];
export declare function libraryVersion(): string;
export declare const FORMAT_NUMERIC_YEAR: number;
export declare const FORMAT_FULLWIDTH: number;
export declare const FORMAT_LATIN: number;
export declare const FORMAT_COMPACT: number;
