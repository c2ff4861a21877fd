// web-tree-sitter 0.25 types a node's children as (Node | null)[]; a parsed tree has no holes.
import type { Node } from 'web-tree-sitter';

export function childrenOf(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null);
}

export function namedChildrenOf(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}
