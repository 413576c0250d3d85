/** Types for parse-prometheus-text-format (it ships none): one family per metric name. */
declare module 'parse-prometheus-text-format' {
  export interface PrometheusSample {
    readonly value?: string;
    readonly labels?: Record<string, string>;
    /** Histograms: upper bound → cumulative count. */
    readonly buckets?: Record<string, string>;
    readonly count?: string;
    readonly sum?: string;
    /** Summaries: quantile → value. */
    readonly quantiles?: Record<string, string>;
  }
  export interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    readonly metrics: PrometheusSample[];
  }
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
