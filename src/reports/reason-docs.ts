/**
 * Renders docs/reason-codes.md from the reason-code catalogue. The page is generated, and
 * test/reports/reason-codes.test.ts fails when the committed page differs from this output.
 */
import { reasonCatalogue, type ReasonDefinition, type Severity } from './reason-codes.ts';

const severityLabels: Readonly<Record<Severity, string>> = {
  R: 'R (rechaza)',
  W: 'W (advierte)',
  I: 'I (informa)',
};

/** Escapes text for one Markdown table cell: pipes would end the cell, line breaks the row. */
function tableCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function tableRow(code: string, definition: ReasonDefinition): string {
  const cells = [
    `\`${code}\``,
    severityLabels[definition.severity],
    tableCell(definition.es),
    tableCell(definition.en),
    tableCell(definition.fix),
  ];
  return `| ${cells.join(' | ')} |`;
}

const header = [
  '# Códigos de motivo (reason codes)',
  '',
  '<!-- Generated from src/reports/reason-codes.ts by `npx tsx scripts/render-reason-codes.ts`. Do not edit by hand. -->',
  '',
  'Cada comprobante rechazado o advertido en un reporte lleva uno de estos códigos. Los',
  'códigos son estables: un código retirado nunca se reutiliza con otro significado. Las',
  'palabras entre llaves, como `{file}`, se reemplazan por los valores de cada caso.',
  '',
  'Severidad: **R** el comprobante no se adjunta; **W** se adjunta con una advertencia;',
  '**I** informativo, no hay nada que hacer.',
  '',
  '| Código | Severidad | Mensaje | Message (English) | Qué hacer |',
  '| --- | --- | --- | --- | --- |',
];

/** Builds the Markdown page listing every code in catalogue order, ending with a newline. */
export function renderReasonCodesPage(
  catalogue: Readonly<Record<string, ReasonDefinition>> = reasonCatalogue,
): string {
  const rows = Object.entries(catalogue).map(([code, definition]) => tableRow(code, definition));
  return [...header, ...rows, ''].join('\n');
}
