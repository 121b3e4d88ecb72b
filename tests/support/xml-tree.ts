import { SaxesParser } from "saxes";

export type XmlNode = { name: string; attributes: Record<string, string>; children: XmlNode[]; text: string };

/** A strict XML 1.0 parse into a small tree (qualified names as written); throws if not well-formed. */
export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: "#document", attributes: {}, children: [], text: "" };
  const stack = [root];
  parser.on("error", (error) => {
    throw error;
  });
  parser.on("opentag", (tag) => {
    const attributes = Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    const node: XmlNode = { name: tag.name, attributes, children: [], text: "" };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  });
  parser.on("text", (text) => (stack.at(-1)!.text += text));
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  return root.children[0];
}

export const all = (node: XmlNode, name: string) => node.children.filter((c) => c.name === name);
export const one = (node: XmlNode, name: string) => {
  const found = all(node, name);
  if (found.length !== 1) throw new Error(`expected one <${name}> in <${node.name}>, found ${found.length}`);
  return found[0];
};
export const text = (node: XmlNode, name: string) => one(node, name).text;
