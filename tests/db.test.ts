import { describe } from "vitest";
import { behavesLikeTheDataLayer } from "./support/data-layer-cases";

describe("the data layer", () => {
  behavesLikeTheDataLayer();
});
