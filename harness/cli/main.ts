export async function main(argv: string[]): Promise<number> {
  console.log('gauntlet', argv.join(' '));
  return 0;
}
