/** Says once, at the start of `npm test`, which suites run against which real services. */
export default function setup() {
  const lines = [
    process.env.TEST_DATABASE_URL
      ? `Postgres suites: on (${redact(process.env.TEST_DATABASE_URL)})`
      : 'Postgres suites: SKIPPED (set TEST_DATABASE_URL to run store suites on a real Postgres too)',
    process.env.TEST_REDIS_URL
      ? `Redis suites: on (${process.env.TEST_REDIS_URL})`
      : 'Redis suites: SKIPPED (set TEST_REDIS_URL to run the scale-out suites)',
  ]
  console.log(`\n${lines.join('\n')}\n`)
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
}
