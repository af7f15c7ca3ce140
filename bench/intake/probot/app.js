// The Probot side of bench/intake: counts issue_comment deliveries and does nothing else (no GitHub call, nothing
// stored). Started the way `probot run ./app.js` starts an app. GET /count answers the number counted.
let counted = 0;

export default (app, { addHandler }) => {
  app.on("issue_comment.created", async () => {
    counted += 1;
  });
  if (addHandler) {
    addHandler((req, res) => {
      if (req.url === "/count") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end(String(counted));
        return true;
      }
      return false;
    });
  }
};
