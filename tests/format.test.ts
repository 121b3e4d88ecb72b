import { describe, expect, it } from "vitest";
import { formatDateTime, fromZonedInputValue, isoInZone, toZonedInputValue } from "@/lib/format/dates";
import { initials, readingMinutes, slugify } from "@/lib/format/text";
import { pageFromSegments } from "@/lib/pagination";

const instant = Date.UTC(2025, 4, 16, 10, 5, 0); // 2025-05-16 10:05 UTC

describe("time zone formatting", () => {
  it("writes ISO 8601 with the zone's offset for <time datetime>", () => {
    expect(isoInZone(instant, "Europe/Istanbul")).toBe("2025-05-16T13:05:00+03:00");
    expect(isoInZone(instant, "UTC")).toBe("2025-05-16T10:05:00+00:00");
    expect(isoInZone(instant, "America/New_York")).toBe("2025-05-16T06:05:00-04:00");
  });

  it("shows the local time and the zone to readers", () => {
    expect(formatDateTime(instant, "Europe/Istanbul")).toBe("May 16, 2025 at 1:05 PM GMT+3");
    expect(formatDateTime(Date.UTC(2025, 0, 10, 17, 0), "America/New_York")).toBe("January 10, 2025 at 12:00 PM EST");
  });

  it("round-trips the scheduling input through the zone, across daylight saving", () => {
    for (const tz of ["Europe/Istanbul", "America/New_York", "Europe/London"]) {
      for (const ms of [instant, Date.UTC(2025, 2, 30, 12, 0), Date.UTC(2025, 10, 2, 15, 30)]) {
        expect(fromZonedInputValue(toZonedInputValue(ms, tz), tz)).toBe(ms);
      }
    }
    expect(fromZonedInputValue("2025-05-16T13:05", "Europe/Istanbul")).toBe(instant);
    expect(fromZonedInputValue("not a date", "UTC")).toBeNull();
  });
});

describe("small helpers", () => {
  it("slugifies headlines, including Turkish letters", () => {
    expect(slugify("Talks at Dolmabahçe: İstanbul’s moment!")).toBe("talks-at-dolmabahce-istanbul-s-moment");
  });
  it("derives avatar initials", () => {
    expect(initials("Zeynep Kaya")).toBe("ZK");
    expect(initials("cher")).toBe("C");
  });
  it("estimates reading time at ~230 words a minute", () => {
    expect(readingMinutes("word ".repeat(460))).toBe(2);
    expect(readingMinutes("")).toBe(1);
  });
  it("accepts only well-formed page segments", () => {
    expect(pageFromSegments(undefined)).toBe(1);
    expect(pageFromSegments(["page", "3"])).toBe(3);
    for (const bad of [
      ["page", "0"],
      ["page", "-1"],
      ["page", "abc"],
      ["page", "1.5"],
      ["pages", "2"],
      ["page", "2", "x"],
    ]) {
      expect(pageFromSegments(bad)).toBeNull();
    }
  });
});
