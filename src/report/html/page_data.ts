/**
 * The data the report's page script draws from: chart specifications and
 * annotations (hook runs, and any other span of time a part of the report
 * wants shaded on the time charts), gathered while the HTML is built and
 * embedded once as JSON.
 *
 * @module
 */

/** One series of a chart. */
export interface SeriesSpec {
  /** Legend label (shown with textContent). */
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  /** Line colour; the page picks one from its palette when absent. */
  color?: string;
  /** Draw dashed. */
  dash?: boolean;
  /** Hidden until its legend entry is clicked. */
  hidden?: boolean;
}

/** One chart the page script draws with uPlot. */
export interface ChartSpec {
  /** `lines`, `stacked` (areas summed bottom-up) or `bars` (a histogram). */
  kind: "lines" | "stacked" | "bars";
  /** X axis label. */
  xLabel: string;
  /** Y axis label. */
  yLabel: string;
  /** X values, ascending. */
  x: number[];
  /** The series. */
  series: SeriesSpec[];
  /** Key into {@linkcode PageData.annotations}: the spans of time drawn over this chart. */
  annotations?: string;
  /** How y values are formatted on the axis and in the legend: seconds, a percentage, or a plain number. */
  unit?: "seconds" | "percent" | "number";
  /** How x values are formatted likewise; `run` numbers runs (`#3`) and ticks whole ones only. */
  xUnit?: "seconds" | "number" | "run";
}

/**
 * How an annotation is coloured: `ok` and `bad` (green and red: a hook run
 * that succeeded or failed), `fault` (orange: a fault in force), `recovery`
 * (blue), `neutral` (grey).
 */
export type AnnotationTone = "ok" | "bad" | "fault" | "recovery" | "neutral";

/**
 * A span of time shaded over every time chart of a workload (a band from
 * `from` to `to`), or an instant marked by a line (`from === to`), with a
 * label above the chart that links to where the report explains it.
 * Labels that would overlap are stacked in up to three rows; those that
 * still do not fit are left out (the band stays).
 */
export interface AnnotationSpec {
  /** Unique on the page; the band's `data-annotation`. */
  id: string;
  /** Start, seconds since the load's start. */
  from: number;
  /** End, seconds since the load's start; equal to `from` for an instant. */
  to: number;
  /** Its colour. */
  tone: AnnotationTone;
  /** What it is, as the legend above the charts names it ("hook run, failed"). */
  kind: string;
  /** The label above the chart (shown with textContent); empty for none. */
  label: string;
  /** The tooltip; the label when absent. */
  title?: string;
  /** Where its label links, like `#w0-0-0-h1-r0`. */
  href?: string;
  /** `data-*` attributes of the band, without the prefix (`{"hook-run": id}`). */
  data?: Record<string, string>;
}

/** Everything the page script needs, as embedded. */
export interface PageData {
  /** Charts by index; a placeholder `<div data-chart="N">` names its chart. */
  charts: ChartSpec[];
  /** Annotation lists by key. */
  annotations: Record<string, AnnotationSpec[]>;
}

/** Collects chart specs and annotations while the HTML is built. */
export class PageDataBuilder {
  readonly #data: PageData = { charts: [], annotations: {} };

  /** Adds a chart; returns the placeholder element to put where it is drawn. */
  chart(spec: ChartSpec): string {
    this.#data.charts.push(spec);
    return `<div class="chart" data-chart="${this.#data.charts.length - 1}"></div>`;
  }

  /** Adds `annotations` to those under `key` (the charts naming `key` draw them all). */
  annotate(key: string, annotations: readonly AnnotationSpec[]): void {
    (this.#data.annotations[key] ??= []).push(...annotations);
  }

  /** The annotations under `key` so far. */
  annotations(key: string): readonly AnnotationSpec[] {
    return this.#data.annotations[key] ?? [];
  }

  /** The data gathered. */
  result(): PageData {
    return this.#data;
  }
}
