export async function runCli(argv: string[]): Promise<number> { void argv; return 0; }
