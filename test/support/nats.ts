/** The bus tests' NATS server (bench/nats-server.ts, shared with the bus benchmark). */
export { freePort, NatsServer, natsMissing } from "../../bench/nats-server.js";
