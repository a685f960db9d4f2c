import { Help, type Command } from 'commander';

/**
 * Spanish versions of the help headings and usage errors that commander (v14) prints in
 * English, for users who read the CLI in Spanish.
 */
const phrases: ReadonlyArray<readonly [RegExp, string]> = [
  [/^Usage:/gm, 'Uso:'],
  [/^Options:/gm, 'Opciones:'],
  [/^Commands:/gm, 'Comandos:'],
  [/^Arguments:/gm, 'Argumentos:'],
  [/\[options\]/g, '[opciones]'],
  [/\[command\]/g, '[comando]'],
  [/\(default: /g, '(por defecto: '],
  [/error: required option '([^']+)' not specified/g, "error: falta la opción obligatoria '$1'"],
  [/error: missing required argument '([^']+)'/g, "error: falta el argumento '$1'"],
  [/error: unknown option '([^']+)'/g, "error: opción desconocida '$1'"],
  [/error: unknown command '([^']+)'/g, "error: comando desconocido '$1'"],
  [/error: too many arguments/g, 'error: demasiados argumentos'],
  [/error: option '([^']+)' argument missing/g, "error: falta el valor de la opción '$1'"],
  [/error: option '([^']+)' argument '([^']*)' is invalid\./g, "error: el valor '$2' de la opción '$1' no es válido:"],
  [/\(Did you mean ([^?]+)\?\)/g, '(¿quiso decir $1?)'],
];

export function toSpanish(text: string): string {
  return phrases.reduce((current, [pattern, replacement]) => current.replace(pattern, replacement), text);
}

/** Output settings for commander that translate its fixed phrases. */
export const spanishOutput = {
  writeOut: (text: string) => process.stdout.write(toSpanish(text)),
  writeErr: (text: string) => process.stderr.write(toSpanish(text)),
};

/**
 * Help settings that translate each command's usage term before commander measures it, so
 * the descriptions stay aligned with '[opciones]', one letter longer than '[options]'.
 */
export const spanishHelp = {
  subcommandTerm: (command: Command): string => toSpanish(new Help().subcommandTerm(command)),
};
