// Unit tests of the Node client's pure helpers (no server needed).

import assert from "node:assert/strict";
import { test } from "node:test";

import {
  BackupWaitTimeoutError,
  Client,
  ConfigurationError,
  InvalidArgumentError,
  encodePathValue,
  normaliseTimestamp,
  parseRetryAfter,
} from "../src/client.js";

test("timestamps normalise to UTC microseconds, truncating nanoseconds", () => {
  assert.equal(normaliseTimestamp("2025-05-15T00:52:10.809305999Z"), "2025-05-15T00:52:10.809305Z");
  assert.equal(normaliseTimestamp("2024-12-31 23:30:00-01:00"), "2025-01-01T00:30:00.000000Z");
  assert.equal(normaliseTimestamp("2025-01-02T03:04:05"), "2025-01-02T03:04:05.000000Z");
});

test("unreadable timestamps read as null", () => {
  for (const text of ["", "yesterday", "2025-02-30T00:00:00Z", "2025-01-01T24:00:00Z", null, 17]) {
    assert.equal(normaliseTimestamp(text), null, String(text));
  }
});

test("path values escape every byte outside the unreserved set", () => {
  assert.equal(encodePathValue("a/b (c)!*'~._-ü"), "a%2Fb%20%28c%29%21%2A%27~._-%C3%BC");
});

test("Retry-After reads seconds or an HTTP date, and nothing else", () => {
  const now = Date.parse("Wed, 21 Oct 2015 07:28:00 GMT");
  assert.equal(parseRetryAfter("2.5", now), 2.5);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now), 30);
  assert.equal(parseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", now), 0);
  assert.equal(parseRetryAfter("soon", now), null);
  assert.equal(parseRetryAfter("", now), null);
});

test("the client refuses to send a key over plain http to another host", () => {
  assert.throws(
    () => new Client({ apiKey: "k", baseUrl: "http://api.example.com" }),
    ConfigurationError,
  );
  assert.throws(() => new Client({ apiKey: " k", baseUrl: "https://x" }), ConfigurationError);
});

test("a walk's arguments are checked at the call, before iterating", () => {
  const client = new Client({
    apiKey: "k",
    baseUrl: "http://127.0.0.1:9",
    fetch: () => assert.fail("no request may be sent"),
  });
  assert.throws(() => client.iterBackups("idx", { pageSize: 101 }), InvalidArgumentError);
  assert.throws(() => client.iterBackupPages("..", {}), InvalidArgumentError);
});

test("waitForBackup stops before a pause that would pass the deadline (virtual time)", async () => {
  let now = 0;
  const sleeps = [];
  let fetches = 0;
  const backup = {
    backup_id: "b-1",
    source_index_name: "i",
    source_index_id: "x",
    status: "Initializing",
    cloud: "aws",
    region: "us-east-1",
  };
  const fetch = async () => {
    fetches += 1;
    return new Response(JSON.stringify(backup), { status: 200 });
  };
  const client = new Client({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch });
  const error = await client
    .waitForBackup("b-1", {
      timeout: 10,
      pollInterval: 1,
      maxPollInterval: 4,
      random: () => 0,
      clock: () => now,
      pauseFor: async (seconds) => {
        sleeps.push(seconds);
        now += seconds;
      },
    })
    .catch((e) => e);
  assert.ok(error instanceof BackupWaitTimeoutError, String(error));
  // Polls at 0, 1, 2.5, 4.75, 8.125; the next pause (4 s) would end at 12.125 > 10.
  assert.deepEqual(sleeps, [1, 1.5, 2.25, 3.375]);
  assert.equal(fetches, 5);
  assert.equal(error.waited, 8.125);
  assert.equal(error.backupStatus, "Initializing");
  assert.deepEqual(error.statuses, ["Initializing"]);
});

test("waitForBackup checks its arguments before any request", async () => {
  const client = new Client({ apiKey: "k", baseUrl: "http://127.0.0.1:9", fetch: async () => {
    throw new Error("no request expected");
  } });
  for (const options of [{ timeout: 0 }, { timeout: Infinity }, { pollInterval: -1 },
    { pollInterval: 5, maxPollInterval: 1 }, { onStatus: "print" }]) {
    await assert.rejects(client.waitForBackup("b-1", options), InvalidArgumentError);
  }
});
