/**
 * The data the report's page script draws from: chart specifications and
 * hook-run markers, gathered while the HTML is built and embedded once as
 * JSON.
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
  /** Key into {@linkcode PageData.markers}: hook runs drawn over this chart. */
  markers?: string;
  /** How y values are formatted on the axis and in the legend: seconds, or a plain number. */
  unit?: "seconds" | "number";
  /** How x values are formatted likewise. */
  xUnit?: "seconds" | "number";
}

/** A hook run drawn over time charts as a band. */
export interface MarkerSpec {
  /** Unique id, also the DOM marker's `data-hook-run`. */
  id: string;
  /** Band start, seconds since the load's start. */
  from: number;
  /** Band end, seconds since the load's start. */
  to: number;
  /** `success` or `failed`: the band's colour. */
  status: string;
  /** The hook's description and the run's number. */
  label: string;
}

/** Everything the page script needs, as embedded. */
export interface PageData {
  /** Charts by index; a placeholder `<div data-chart="N">` names its chart. */
  charts: ChartSpec[];
  /** Marker lists by key. */
  markers: Record<string, MarkerSpec[]>;
}

/** Collects chart specs and markers while the HTML is built. */
export class PageDataBuilder {
  readonly #data: PageData = { charts: [], markers: {} };

  /** Adds a chart; returns the placeholder element to put where it is drawn. */
  chart(spec: ChartSpec): string {
    this.#data.charts.push(spec);
    return `<div class="chart" data-chart="${this.#data.charts.length - 1}"></div>`;
  }

  /** Sets the markers under `key`. */
  markers(key: string, markers: MarkerSpec[]): void {
    this.#data.markers[key] = markers;
  }

  /** The data gathered. */
  result(): PageData {
    return this.#data;
  }
}
