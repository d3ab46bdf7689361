import type { Report } from '../types.js';
import { renderJson } from '../report/json.js';
import { renderSarif } from '../report/sarif.js';
import { renderMarkdown } from '../report/markdown.js';
import { renderText } from '../report/text.js';
import { renderHtml, type HtmlOptions } from '../report/html.js';

export const OUTPUT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface RenderOptions {
  html?: HtmlOptions;
}

/** One evaluation, every format: each renderer is a function of the same report. */
export function renderFormat(format: OutputFormat, report: Report, options: RenderOptions = {}): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report, options.html);
    case 'text':
      return renderText(report, { color: false });
  }
}
