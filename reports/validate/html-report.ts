/**
 * The validation's report.html: the figures table, the recorded and simulated response-time CDFs
 * overlaid (all requests, then reads and writes), the trace and the device. Self-contained
 * (reports/html: inline CSS and SVG, no scripts).
 */
import { latencyCdfChart } from '../charts/index.js';
import { chartFigure, chartGrid, htmlPage, htmlTable, keyValueTable, paragraph, type PageSection } from '../html/index.js';
import { describeDevice, describeIssue } from './text-summary.js';
import { CATEGORIES, type Category, type Samples, type ValidateFile } from './validate-file.js';

const FIGURES = ['mean', 'p50', 'p90', 'p99'] as const;
const LABELS: Record<Category, string> = { read: 'reads', write: 'writes', all: 'all requests' };

const signedPercent = (value: number | null | undefined): string => (value === null || value === undefined ? '—' : `${value >= 0 ? '+' : ''}${(value * 100).toFixed(2)} %`);

interface FigureRow {
  readonly [key: string]: string | number | null;
  readonly category: string;
  readonly requests: number;
  readonly figure: string;
  readonly recorded: number | null;
  readonly simulated: number | null;
  readonly error: string;
}

function figuresTable(file: ValidateFile): string {
  const rows = CATEGORIES.flatMap((name): FigureRow[] => {
    const figures = file[name];
    if (figures.recordedMs === null || figures.simulatedMs === null) return [{ category: LABELS[name], requests: 0, figure: '—', recorded: null, simulated: null, error: '—' }];
    return FIGURES.map((figure) => ({
      category: LABELS[name],
      requests: figures.count,
      figure,
      recorded: figures.recordedMs![figure],
      simulated: figures.simulatedMs![figure],
      error: signedPercent(figures.relativeError?.[figure]),
    }));
  });
  const demerits = CATEGORIES.map((name) => ({
    category: LABELS[name],
    demerit: file[name].demeritMs,
    share: file[name].demeritPercent === null ? '—' : `${file[name].demeritPercent!.toFixed(2)} %`,
  }));
  return [
    htmlTable(rows, [
      { key: 'category', label: 'requests' },
      { key: 'requests', label: 'count' },
      { key: 'figure', label: 'figure' },
      { key: 'recorded', label: 'recorded (ms)' },
      { key: 'simulated', label: 'simulated (ms)' },
      { key: 'error', label: 'relative error', align: 'right' },
    ]),
    htmlTable(
      demerits,
      [
        { key: 'category', label: 'requests' },
        { key: 'demerit', label: 'demerit (ms)' },
        { key: 'share', label: 'of the recorded mean', align: 'right' },
      ],
      { caption: 'Demerit: the root mean square of the horizontal distance between the recorded and simulated response-time CDFs (Ruemmler and Wilkes 1994)' },
    ),
  ].join('\n');
}

function cdfFigure(samples: Samples, name: Category): string | undefined {
  const recorded = samples.recorded[name];
  if (recorded.length === 0) return undefined;
  const toUs = (values: number[]): number[] => values.map((value) => value / 1000);
  const svg = latencyCdfChart(
    [
      { name: 'recorded', valuesUs: toUs(recorded) },
      { name: 'simulated', valuesUs: toUs(samples.simulated[name]) },
    ],
    { title: `Response time: ${LABELS[name]}`, subtitle: `${recorded.length.toLocaleString('en-US')} requests` },
  );
  return chartFigure(svg);
}

/** The report page. */
export function renderValidateReport(file: ValidateFile, samples: Samples): string {
  const charts = CATEGORIES.map((name) => cdfFigure(samples, name)).filter((figure): figure is string => figure !== undefined);
  const traceFacts: Record<string, string | number> = {
    file: file.trace.file,
    format: file.trace.format,
    issued: describeIssue(file),
    requests: file.trace.requests,
    reads: file.trace.reads,
    writes: file.trace.writes,
    ...(file.trace.unmatchedEvents === undefined ? {} : { 'events left unpaired': file.trace.unmatchedEvents }),
    'simulated seconds': file.simulatedSeconds,
  };
  const params = Object.fromEntries(Object.entries(file.device.params).map(([key, value]) => [key, typeof value === 'object' ? JSON.stringify(value) : (value as string | number | boolean)]));
  const sections: PageSection[] = [
    { heading: 'Figures', html: figuresTable(file) },
    { heading: 'Response-time CDFs', html: `${paragraph('Recorded and simulated response times of the same requests; the demerit is the root mean square of the horizontal distance between the two curves.')}\n${chartGrid(charts)}` },
    { heading: 'Trace', html: keyValueTable(traceFacts) },
    { heading: 'Device', html: `${paragraph(describeDevice(file))}\n${keyValueTable(params, { keyLabel: 'parameter' })}` },
  ];
  const deviceFlag = file.device.source.startsWith('--') ? file.device.source : `--device ${file.device.source}`;
  return htmlPage({
    title: `cowsim validate: ${file.trace.file}`,
    subtitle: `${file.trace.format}, ${file.trace.requests.toLocaleString('en-US')} requests on ${describeDevice(file)}`,
    sections,
    footer: `npx cowsim validate --trace ${file.trace.file} --format ${file.trace.format}${file.trace.action === undefined ? '' : ` --action ${file.trace.action}`} ${deviceFlag}`,
  });
}
