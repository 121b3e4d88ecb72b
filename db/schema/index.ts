// The tables of the engine this process runs on, typed as the PostgreSQL tables whatever the engine:
// code written against them can only use what both engines support (no SQLite-only `.get()`).
import { engine } from "../engine";
import * as pg from "./postgres";
import * as sqlite from "./sqlite";

const chosen = (engine === "postgres" ? pg : sqlite) as unknown as typeof pg;

export const users = chosen.users as typeof pg.users;
export const authors = chosen.authors as typeof pg.authors;
export const sections = chosen.sections as typeof pg.sections;
export const tags = chosen.tags as typeof pg.tags;
export const articles = chosen.articles as typeof pg.articles;
export const articleAuthors = chosen.articleAuthors as typeof pg.articleAuthors;
export const articleTags = chosen.articleTags as typeof pg.articleTags;
export const comments = chosen.comments as typeof pg.comments;
export const commentCounts = chosen.commentCounts as typeof pg.commentCounts;
export const revisions = chosen.revisions as typeof pg.revisions;
export const articleAutosaves = chosen.articleAutosaves as typeof pg.articleAutosaves;
export const articleLocks = chosen.articleLocks as typeof pg.articleLocks;
export const articleStatusChanges = chosen.articleStatusChanges as typeof pg.articleStatusChanges;
export const settings = chosen.settings as typeof pg.settings;
export const articleNotes = chosen.articleNotes as typeof pg.articleNotes;
export const noteMentions = chosen.noteMentions as typeof pg.noteMentions;
export const frontPagePicks = chosen.frontPagePicks as typeof pg.frontPagePicks;
export const breakingNews = chosen.breakingNews as typeof pg.breakingNews;
export const loginAttempts = chosen.loginAttempts as typeof pg.loginAttempts;
export const jobs = chosen.jobs as typeof pg.jobs;
export const importMap = chosen.importMap as typeof pg.importMap;
export const oldLinks = chosen.oldLinks as typeof pg.oldLinks;
export const importRuns = chosen.importRuns as typeof pg.importRuns;
export const revokedSessions = chosen.revokedSessions as typeof pg.revokedSessions;
export const liveCoverage = chosen.liveCoverage as typeof pg.liveCoverage;
export const liveUpdates = chosen.liveUpdates as typeof pg.liveUpdates;
export const apiKeys = chosen.apiKeys as typeof pg.apiKeys;
export const webhooks = chosen.webhooks as typeof pg.webhooks;
export const webhookDeliveries = chosen.webhookDeliveries as typeof pg.webhookDeliveries;
export const newsletterSubscribers = chosen.newsletterSubscribers as typeof pg.newsletterSubscribers;
export const newsletterSubscriptions = chosen.newsletterSubscriptions as typeof pg.newsletterSubscriptions;
export const newsletterSignupAttempts = chosen.newsletterSignupAttempts as typeof pg.newsletterSignupAttempts;
export const newsletterIssues = chosen.newsletterIssues as typeof pg.newsletterIssues;
export const mailDeliveries = chosen.mailDeliveries as typeof pg.mailDeliveries;
export const auditEntries = chosen.auditEntries as typeof pg.auditEntries;
export const pages = chosen.pages as typeof pg.pages;
export const pageRevisions = chosen.pageRevisions as typeof pg.pageRevisions;
export const menuItems = chosen.menuItems as typeof pg.menuItems;

export const usersRelations = chosen.usersRelations as typeof pg.usersRelations;
export const authorsRelations = chosen.authorsRelations as typeof pg.authorsRelations;
export const sectionsRelations = chosen.sectionsRelations as typeof pg.sectionsRelations;
export const tagsRelations = chosen.tagsRelations as typeof pg.tagsRelations;
export const articlesRelations = chosen.articlesRelations as typeof pg.articlesRelations;
export const articleAuthorsRelations = chosen.articleAuthorsRelations as typeof pg.articleAuthorsRelations;
export const articleTagsRelations = chosen.articleTagsRelations as typeof pg.articleTagsRelations;
export const commentsRelations = chosen.commentsRelations as typeof pg.commentsRelations;
export const revisionsRelations = chosen.revisionsRelations as typeof pg.revisionsRelations;
export const liveCoverageRelations = chosen.liveCoverageRelations as typeof pg.liveCoverageRelations;
