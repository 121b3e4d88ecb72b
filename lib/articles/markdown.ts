// The story document lives in lib/content; these names stay for the callers that predate it.
export { renderStoryHtml as renderMarkdown, storyPlainText as markdownToPlainText } from "../content/render";
