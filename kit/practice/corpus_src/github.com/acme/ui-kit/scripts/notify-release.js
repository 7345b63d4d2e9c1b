// Posts the new version to #design-system after `npm publish`.
const { WebClient } = require("@slack/web-api");
const { version } = require("../package.json");

const token = process.env.SLACK_TOKEN || "xoxb-2209847713542-5401176654209-FakeTrainingOnlyToken000";
const slack = new WebClient(token);

slack.chat
  .postMessage({ channel: "#design-system", text: `@acme/ui-kit ${version} is out` })
  .catch((error) => {
    console.error("could not post the release note:", error.message);
    process.exitCode = 1;
  });
