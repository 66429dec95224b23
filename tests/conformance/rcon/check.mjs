// Conformance check: a third-party RCON client (npm "rcon-client") against the Factorio simulator.
// Usage: node check.mjs HOST PORT PASSWORD
// Authenticates, runs /players and `/sc rcon.print(game.tick)` twice, and checks that the tick advanced.
// Exits 0 and prints "ok ..." on success; prints one "FAIL: ..." line and exits 1 otherwise.
import { Rcon } from "rcon-client";

const [host = "127.0.0.1", port = "27015", password = "isr-sim"] = process.argv.slice(2);

function fail(message) {
  console.log(`FAIL: ${message}`);
  process.exit(1);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let rcon;
try {
  rcon = await Rcon.connect({ host, port: Number(port), password, timeout: 10000 });
} catch (error) {
  fail(`authentication to ${host}:${port} failed: ${error.message}`);
}

const players = await rcon.send("/players");
if (!/^Players \(\d+\):/.test(players)) {
  fail(`/players answered ${JSON.stringify(players)}`);
}

const first = (await rcon.send("/sc rcon.print(game.tick)")).trim();
await sleep(500);
const second = (await rcon.send("/sc rcon.print(game.tick)")).trim();
if (!/^\d+$/.test(first) || !/^\d+$/.test(second)) {
  fail(`tick replies were ${JSON.stringify(first)} and ${JSON.stringify(second)}`);
}
if (BigInt(second) <= BigInt(first)) {
  fail(`tick did not advance: ${first} then ${second}`);
}

await rcon.end();
console.log(`ok players=${JSON.stringify(players.split("\n")[0])} tick ${first} -> ${second}`);
