/** The last part of a path, for a project's name ("/home/me/tandem/" -> "tandem"). */
export function folderName(path: string): string {
  const parts = path.split(/[\\/]+/).filter((part) => part !== '');
  return parts[parts.length - 1] ?? path;
}
