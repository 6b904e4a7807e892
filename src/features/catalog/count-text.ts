const numberFormat = new Intl.NumberFormat('en-US');

export function repositoryCountText(count: number): string {
  return `${numberFormat.format(count)} ${count === 1 ? 'repository' : 'repositories'}`;
}
