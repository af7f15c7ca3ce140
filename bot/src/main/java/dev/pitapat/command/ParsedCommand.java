package dev.pitapat.command;

/**
 * A command and the line of the comment it was read from.
 *
 * @param line the line number in the comment body, counting from 1
 * @param command the command
 */
public record ParsedCommand(int line, Command command) {}
