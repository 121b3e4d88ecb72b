/** The article form's checkbox that sends the story as a newsletter once it is live. */
export const SEND_AS_NEWSLETTER_FIELD = "sendAsNewsletter";
